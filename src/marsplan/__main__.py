"""``python -m marsplan`` is the ``marsplan`` command."""

from marsplan.cli import main

if __name__ == "__main__":
    main()
