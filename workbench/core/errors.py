"""The one exception type whose message is shown to users as it is."""


class DatasetError(Exception):
    """A problem with the user's data, explained in one sentence that says what to do.

    Everything raised as DatasetError is meant for a person, not a programmer: the
    CLI prints it after ``error:`` and the window shows it in a dialog.
    """
