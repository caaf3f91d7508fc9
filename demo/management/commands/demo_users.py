from django.core.management.base import BaseCommand

from demo.users import demo_users_describe, demo_users_ensure


class Command(BaseCommand):
    help = "Create the demo users (one per role) or, with --list, print them."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="only print the demo logins")

    def handle(self, *args, **options):
        if not options["list"]:
            demo_users_ensure()
        for line in demo_users_describe():
            self.stdout.write(line)
