"""The CLI's machinery: the click group that turns every error into one line, the builder that makes a click
command from a registered command's parameters and a view, and the console helpers the views share.

An option is the command's parameter, with its help showing the default as a user would type it:

>>> from marsplan.commands import registry
>>> option = click_param(registry()["porkchop"].param("tof_days"))
>>> option.opts, option.name, option.help
(['--tof'], 'tof_days', 'Time of flight MIN:MAX (days).  [default: 100:450]')
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.table import Table

from marsplan.commands import Command, Param, registry
from marsplan.errors import MarsplanError

__all__ = ["Progress", "View", "add_command", "console", "err_console", "fail", "print_json", "spec_table"]

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
        except KeyboardInterrupt:
            # Ctrl-C: one line and the shell's convention for SIGINT (128 + 2); outputs are written through
            # temporary files and renames, so nothing half-written is left behind
            click.echo("marsplan: interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except (click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # the reader went away (`marsplan windows --format csv | head -1`): it has what it wanted; end quietly
            # with 0, as Unix filters do, and keep Python from failing again when it flushes stdout at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(0) from None
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
        except click.Abort as exc:
            interrupted = isinstance(exc.__cause__, KeyboardInterrupt)
            click.echo("marsplan: interrupted" if interrupted else "Aborted.", err=True)
            rv = 130 if interrupted else 1
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
    body = cells(spec, rows)
    for k, column in enumerate(spec):
        # a number is never cut ("0.00..."): a numeric column keeps the width of its widest cell, and a narrow
        # terminal wraps the text columns instead
        widest = max((len(row[k]) for row in body), default=0)
        table.add_column(column.header, justify=column.justify, no_wrap=column.justify == "right",
                         min_width=widest if column.justify == "right" else None)
    for row in body:
        table.add_row(*row)
    return table


PROGRESS_AFTER_ENV = "MARSPLAN_PROGRESS_AFTER_S"
"""Seconds of work before progress is shown (default 2): a quick command, or one refused at once, prints only
its answer or its one error line."""


def _progress_after_s() -> float:
    try:
        return max(0.0, float(os.environ.get(PROGRESS_AFTER_ENV, "2")))
    except ValueError:
        return 2.0


def _clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:02.0f} s"


class Progress:
    """What a long command shows while it works, on stderr.

    In a terminal: a rich bar with counts, elapsed time and an estimate of the time left (for counted work:
    ``update(done, total)``), or a spinner naming the stage (``stage(name)``).  Piped or redirected: plain lines
    (``marsplan windows: Surveying 3/12 chunks (25 %), 5 s, about 15 s left``), at most one every 2 s and the
    last, so logs and CI show where a run is.  Nothing is shown during the first :data:`PROGRESS_AFTER_ENV`
    seconds, and no bar before its total is known."""

    def __init__(self, command: str, label: str, unit: str = ""):
        import threading

        self.command, self.label, self.unit = command, label, unit
        self.start = time.monotonic()
        self.after = _progress_after_s()
        self.terminal = err_console().is_terminal
        self.last_line = -math.inf
        self.shown = False
        self.stages = 0
        self.current = label
        self._bar: Any = None
        self._task: Any = None
        self._spinner: Any = None
        self._closed = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(self.after, self._tick)
        self._timer.daemon = True
        self._timer.start()

    # counted work
    def update(self, done: int, total: int) -> None:
        with self._lock:
            elapsed = time.monotonic() - self.start
            if self._closed or total <= 0 or (elapsed < self.after and not self.shown):
                return
            if self.terminal:
                self._update_bar(done, total)
            elif done >= total and self.shown or time.monotonic() - self.last_line >= 2.0:
                left = elapsed * (total - done) / done if done else math.nan
                eta = f", about {_clock(left)} left" if done and done < total else ""
                self._line(f"{self.label} {done:,}/{total:,} {self.unit} ({100 * done / total:.0f} %), "
                           f"{_clock(elapsed)}{eta}")

    def _update_bar(self, done: int, total: int) -> None:
        if self._bar is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._stop_spinner()
            self._bar = Bar(TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TextColumn(self.unit),
                            TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), console=err_console(),
                            transient=True)
            self._task = self._bar.add_task(self.label, total=total)
            self._bar.start()
            self.shown = True
        self._bar.update(self._task, completed=done, total=total)

    # named stages
    def stage(self, name: str) -> None:
        with self._lock:
            self.stages += 1
            self.current = name
            if self._closed or time.monotonic() - self.start < self.after:
                return
            self._show_stage()

    def _show_stage(self) -> None:
        text = f"[{self.stages}] {self.current}" if self.stages else self.current
        if self.terminal:
            if self._spinner is None:
                self._spinner = err_console().status(f"{text}...")
                self._spinner.start()
                self.shown = True
            else:
                self._spinner.update(f"{text}... ({_clock(time.monotonic() - self.start)})")
        else:
            self._line(f"{text} ({_clock(time.monotonic() - self.start)})")

    def _tick(self) -> None:  # the delay has passed: show where the work is
        with self._lock:
            if self._bar is None and not self._closed:
                self._show_stage()

    def _line(self, text: str) -> None:
        click.echo(f"marsplan {self.command}: {text}", err=True)
        self.last_line = time.monotonic()
        self.shown = True

    def _stop_spinner(self) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None

    def close(self, failed: bool = False) -> None:
        """Stop showing progress; a piped run that showed any says how long it took."""
        self._timer.cancel()
        with self._lock:
            self._closed = True  # a timer that fired meanwhile shows nothing more
            self._stop_spinner()
            if self._bar is not None:
                self._bar.stop()
            if self.shown and not self.terminal and not failed:
                self._line(f"done in {_clock(time.monotonic() - self.start)}")


@dataclass(frozen=True)
class View:
    """How the CLI shows one command: its table rendering, its output formats and what it says while working.

    ``render(result, values, fmt, extras)`` prints a non-JSON format; ``files(result, values, extras)`` writes
    the files of CLI-only options (``extras``) whatever the format; ``status(values)`` says what it is doing
    (:class:`Progress` shows it once the work takes a while); ``progress`` is (label, unit) of the count for
    commands that report progress; ``stages``: the command reports named stages instead;
    ``check(extras, values, fmt)`` refuses bad CLI-only options (and an answer too large for its format) before
    any work; ``json`` replaces the result's ``to_dict()``."""

    render: Callable[[Any, dict[str, Any], str, dict[str, Any]], None]
    formats: tuple[str, ...] = ("table", "json")
    status: Callable[[dict[str, Any]], str] | None = None
    progress: tuple[str, str] | None = None
    extra: Sequence[click.Option] = field(default_factory=tuple)
    check: Callable[[dict[str, Any], dict[str, Any], str], None] | None = None
    files: Callable[[Any, dict[str, Any], dict[str, Any]], None] | None = None
    json: Callable[[Any, dict[str, Any]], Any] | None = None
    stages: bool = False  # the command reports its stages by name: the spinner shows them


def _with_default(param: Param) -> str:
    """The parameter's help with its default as a user types it (``[default: 100:450]``)."""
    value = param.default
    if value is None or value == () or param.is_flag:
        return param.help
    if isinstance(value, tuple) and param.multiple:
        shown = " ".join(f"{param.flag} {v}" for v in value)
    elif isinstance(value, tuple):
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
            view.check(extras, values, fmt)
        with contextlib.ExitStack() as held:
            from marsplan.report.output import output_lock

            for path in extras.values():  # the CLI-only options are output files: one run writes each at a time
                if isinstance(path, str) and path:
                    held.enter_context(output_lock(path, param=None))
            _run(command, view, words, values, extras, fmt)

    def _run(command: Any, view: View, words: str, values: dict[str, Any], extras: dict[str, Any],
             fmt: str) -> None:
        kwargs = dict(values)
        label = view.status(values) if view.status is not None else (view.progress or ("Working", ""))[0]
        shown = Progress(words, label.rstrip("."), view.progress[1] if view.progress else "")
        if command.progress:
            kwargs["progress"] = shown.stage if view.stages else shown.update
        try:
            result = command(**kwargs)
        except BaseException:
            shown.close(failed=True)
            raise
        shown.close()
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
