"""Errors the CLI turns into a one-line message and exit code 2."""


class DriftError(Exception):
    """Bad input or settings: a missing/empty/binary file, an unknown model, a malformed config.

    The message is shown to the user as a single line, so it must say what is wrong and where.
    """
