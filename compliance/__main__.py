"""``python -m compliance``: the command line (compliance.cli)."""

from compliance.cli import entry

if __name__ == "__main__":
    entry()
