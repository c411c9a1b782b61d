"""The CLI's machinery: the click group that turns every error into one line, the builder that makes a click
command from a registered command's parameters and a view, and the console helpers the views share.

An option is the command's parameter, with its help showing the default as a user would type it:

>>> from marsplan.commands import registry
>>> option = click_param(registry()["porkchop"].param("tof_days"))
>>> option.opts, option.name, option.help
(['--tof'], 'tof_days', 'Time of flight MIN:MAX (days).  [default: 100:450]')
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.table import Table

from marsplan.commands import Command, Param, registry
from marsplan.errors import MarsplanError

__all__ = ["View", "add_command", "console", "err_console", "fail", "print_json", "progress_bar", "spec_table"]

DEBUG = {"on": False}
_REPORT = ("please report it, with the command line, to the marsplan issue tracker "
           "(rerun with --debug for the traceback)")


def fail(message: str) -> NoReturn:
    """One line on stderr, exit status 2."""
    click.echo(f"marsplan: error: {' '.join(message.split())}", err=True)
    raise click.exceptions.Exit(2)


class Group(click.Group):
    """One line and exit 2 for bad input of any kind; one line and exit 1 for a bug.

    A :class:`~marsplan.errors.MarsplanError` raised by a command or by parsing its options, and a usage error
    (unknown option, missing argument) each print ``marsplan: error: ...`` on stderr and exit 2.  Any other
    exception is a bug in marsplan: one line naming the command and where to report it, exit 1, and the
    traceback only with ``--debug`` (or ``MARSPLAN_DEBUG=1``).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MarsplanError as exc:
            fail(str(exc))
        except (click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except click.UsageError as exc:
            fail(exc.format_message())
        except Exception as exc:
            if DEBUG["on"] or os.environ.get("MARSPLAN_DEBUG"):
                raise
            command = " ".join(["marsplan", *ctx.command_path.split()[1:], ctx.invoked_subcommand or ""]).strip()
            click.echo(f"marsplan: internal error in `{command}`: {type(exc).__name__}: "
                       f"{' '.join(str(exc).split())[:300]}; {_REPORT}", err=True)
            raise click.exceptions.Exit(1) from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # no arguments: the help text, as click shows it
            click.echo(exc.ctx.get_help() if exc.ctx is not None else str(exc), err=True)
            rv = 2
        except click.UsageError as exc:  # unknown option, missing argument: one line, not click's usage block
            click.echo(f"marsplan: error: {' '.join(exc.format_message().split())}", err=True)
            rv = 2
        except MarsplanError as exc:  # raised while parsing the root's own options
            click.echo(f"marsplan: error: {' '.join(str(exc).split())}", err=True)
            rv = 2
        except click.exceptions.Exit as exc:
            rv = exc.exit_code
        except click.Abort:
            click.echo("Aborted.", err=True)
            rv = 1
        if standalone_mode:
            sys.exit(rv if isinstance(rv, int) else 0)
        return rv


def console() -> Console:
    """The output console; pipes and files get a fixed, wide layout instead of rich's 80 columns."""
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 120)


def err_console() -> Console:
    return Console(stderr=True)


def print_json(data: Any) -> None:
    """Strict JSON: NaN and infinities become null, never the non-standard NaN or Infinity."""
    from marsplan.jsonio import strict_json

    click.echo(strict_json(data))


def spec_table(title: str, spec: Any, rows: list[dict[str, Any]], **kwargs: Any) -> Table:
    """A rich table of ``rows`` (``to_dict()`` rows) through a shared column spec of :mod:`marsplan.tables`."""
    from marsplan.tables import cells

    table = Table(title=title, title_justify="left", **kwargs)
    for column in spec:
        table.add_column(column.header, justify=column.justify, no_wrap=column.justify == "right")
    for row in cells(spec, rows):
        table.add_row(*row)
    return table


def progress_bar(label: str, unit: str) -> Callable[[int, int], None]:
    """A transient rich progress bar on stderr, shown from the first report of work done."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total} " + unit),
                        TimeElapsedColumn(), console=err_console(), transient=True)
    task = progress.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total)
        if done >= total:
            progress.stop()

    return update


@dataclass(frozen=True)
class View:
    """How the CLI shows one command: its table rendering, its output formats and what it says while working.

    ``render(result, values, fmt, extras)`` prints a non-JSON format; ``files(result, values, extras)`` writes
    the files of CLI-only options (``extras``) whatever the format; ``status(values)`` is the spinner's text
    while it runs; ``progress`` is (label, unit) of a progress bar for commands that report progress; ``check``
    refuses bad CLI-only options before any work; ``json`` replaces the result's ``to_dict()``."""

    render: Callable[[Any, dict[str, Any], str, dict[str, Any]], None]
    formats: tuple[str, ...] = ("table", "json")
    status: Callable[[dict[str, Any]], str] | None = None
    progress: tuple[str, str] | None = None
    extra: Sequence[click.Option] = field(default_factory=tuple)
    check: Callable[[dict[str, Any]], None] | None = None
    files: Callable[[Any, dict[str, Any], dict[str, Any]], None] | None = None
    json: Callable[[Any, dict[str, Any]], Any] | None = None
    stages: bool = False  # the command reports its stages by name: the spinner shows them


def _with_default(param: Param) -> str:
    """The parameter's help with its default as a user types it (``[default: 100:450]``)."""
    value = param.default
    if value is None or value == () or param.is_flag:
        return param.help
    if isinstance(value, tuple):
        shown = param.type.separator.join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    elif isinstance(value, float):
        shown = f"{value:g}"
    else:
        shown = f"{value:,}" if isinstance(value, int) and value >= 10_000 else str(value)
    return f"{param.help}  [default: {shown}]"


def click_param(param: Param) -> click.Parameter:
    """The click option or argument of a command parameter: same name, flag, help and type."""
    # a required parameter gets no default at all (click >= 8.3 reads an explicit None as a given value)
    default: dict[str, Any] = {} if param.required else {"default": param.default}
    if param.flag is None:
        return click.Argument([param.name], type=param.click_type(), required=param.required,
                              metavar=param.name.upper(), **default)
    decls = [param.flag, *([param.short] if param.short else []), param.name]
    if param.is_flag:
        return click.Option(decls, is_flag=True, flag_value=param.sets, help=param.help, **default)
    return click.Option(decls, type=param.click_type(), required=param.required, multiple=param.multiple,
                        help=_with_default(param), metavar=param.type.name.upper().replace(" ", "_"), **default)


def _arguments_epilog(command: Command) -> str | None:
    args = [p for p in command.params if p.flag is None]
    return "\b\nArguments:\n" + "\n".join(f"  {p.name.upper()}  {p.help}" for p in args) if args else None


def add_command(group: click.Group, words: str, view: View, *, name: str | None = None,
                as_group: click.Group | None = None) -> click.Command:
    """Build the click command of the registered command ``words`` with ``view`` and add it to ``group``
    (or, with ``as_group``, make that group run it when no subcommand is given)."""
    command = registry()[words]

    def callback(**values: Any) -> None:
        ctx = click.get_current_context()
        if as_group is not None and ctx.invoked_subcommand is not None:
            return
        fmt = values.pop("fmt")
        extras = {opt.name: values.pop(opt.name) for opt in view.extra if opt.name}
        if view.check is not None:
            view.check(extras)
        kwargs = dict(values)
        if command.progress and view.progress is not None and err_console().is_terminal:
            kwargs["progress"] = progress_bar(*view.progress)
        if view.status is not None:
            with err_console().status(view.status(values)) as spinner:
                if view.stages:
                    kwargs["progress"] = lambda stage: spinner.update(f"{stage}...")
                result = command(**kwargs)
        else:
            result = command(**kwargs)
        if view.files is not None:
            view.files(result, values, extras)
        if fmt == "json":
            print_json(view.json(result, values) if view.json is not None else result.to_dict())
            return
        view.render(result, values, fmt, extras)

    params = [click_param(p) for p in command.params]
    params += [*view.extra, click.Option(["--format", "-f", "fmt"], type=click.Choice(view.formats), default="table",
                                         show_default=True, help="Output format.")]
    if as_group is not None:
        as_group.params = params
        as_group.callback = callback
        as_group.help = command.summary
        return as_group
    cmd = click.Command(name or words.split()[-1], params=params, callback=callback, help=command.summary,
                        epilog=_arguments_epilog(command))
    group.add_command(cmd)
    return cmd
