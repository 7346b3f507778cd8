"""django-post-office's clean-up of sent emails, run by one server at a time (core.jobs)."""

from post_office.management.commands.cleanup_mail import Command as PostOfficeCommand

from entraide.core.jobs import one_at_a_time


class Command(PostOfficeCommand):
    @one_at_a_time
    def handle(self, *args, **options):
        return super().handle(*args, **options)
