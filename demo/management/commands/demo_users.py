from django.core.management.base import BaseCommand, CommandError

from demo.users import (
    FORCE_FLAG,
    demo_admin_mfa_code,
    demo_admin_mfa_lines,
    demo_insecure_check,
    demo_users_describe,
    demo_users_ensure,
)


class Command(BaseCommand):
    help = "Create the demo users (one per role) or, with --list, print them."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="only print the demo logins")
        parser.add_argument("--mfa-code", action="store_true",
                            help="print the two-factor code the demo administrator's device shows now")
        parser.add_argument(FORCE_FLAG, action="store_true", dest="force_insecure",
                            help="create them even with DEBUG off (known password): never in production")

    def handle(self, *args, **options):
        if options["mfa_code"]:
            code = demo_admin_mfa_code()
            if code is None:
                raise CommandError("The demo administrator has no two-factor device yet (or is no longer the demo's): "
                                   "log in as admin first (the enrolment page creates it), then run this again.")
            self.stdout.write(code)
            return
        if not options["list"]:
            demo_insecure_check(forced=options["force_insecure"])
            demo_users_ensure()
        for line in [*demo_users_describe(), *demo_admin_mfa_lines()]:
            self.stdout.write(line)
