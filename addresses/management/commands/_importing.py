"""What every import command prints: per-row errors with where they are, then the summary of counts."""

from django.core.management.base import CommandError

from addresses.importers.common import ImportFailed

MAX_ERRORS_SHOWN = 50


def run_import(command, function, *args, **kwargs):
    try:
        report = function(*args, show_progress=kwargs.pop("verbosity", 1) >= 1, **kwargs)
    except ImportFailed as error:
        raise CommandError(str(error)) from error
    for where, message in report.errors[:MAX_ERRORS_SHOWN]:
        command.stderr.write(f"{where}: {message}")
    if len(report.errors) > MAX_ERRORS_SHOWN:
        command.stderr.write(f"… and {len(report.errors) - MAX_ERRORS_SHOWN} more errors")
    command.stdout.write(report.summary())
    return report
