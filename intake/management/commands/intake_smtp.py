"""Run the local SMTP server that turns incoming e-mail into draft requests: `manage.py intake_smtp --port 2525`."""

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Receive e-mail on a local SMTP port; each message becomes a draft request with its attachments."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)

    def handle(self, *args, host, port, **options):
        from aiosmtpd.controller import Controller

        from intake.channels.email import EmailIntakeHandler

        controller = Controller(EmailIntakeHandler(), hostname=host, port=port)
        controller.start()
        self.stdout.write(f"intake SMTP server on {host}:{port} (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
