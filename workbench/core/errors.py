"""Exceptions whose message is shown to users as it is."""


class WorkbenchError(Exception):
    """A problem the user can fix, explained in one sentence that says what to do.

    The CLI prints it after ``error:`` (exit status 2) and the window shows it in a
    dialog; neither shows a traceback.
    """


class DatasetError(WorkbenchError):
    """The user's data cannot be used as it is."""


class ConfigError(WorkbenchError):
    """A hyperparameter is out of range or does not fit the chosen model."""


class LoadCancelled(WorkbenchError):
    """Loading a file stopped because its ``cancel`` event was set; nothing was loaded."""
