from django.core.management.base import BaseCommand

from demo.users import FORCE_FLAG, demo_insecure_check, demo_users_describe, demo_users_ensure


class Command(BaseCommand):
    help = "Create the demo users (one per role) or, with --list, print them."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="only print the demo logins")
        parser.add_argument(FORCE_FLAG, action="store_true", dest="force_insecure",
                            help="create them even with DEBUG off (known password): never in production")

    def handle(self, *args, **options):
        if not options["list"]:
            demo_insecure_check(forced=options["force_insecure"])
            demo_users_ensure()
        for line in demo_users_describe():
            self.stdout.write(line)
