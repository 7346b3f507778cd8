"""django-post-office's sender, run by one server at a time (core.jobs).

Its own lock is a file, which two servers do not share (two senders would send the same email
twice), and its loop closes the database connection after each batch, which would drop the
advisory lock: this loop keeps the connection, and the lock, until the queue is empty.
"""

from post_office.mail import get_queued, send_queued
from post_office.management.commands.send_queued_mail import Command as PostOfficeCommand

from entraide.core.jobs import one_at_a_time


class Command(PostOfficeCommand):
    help = "Send the queued emails (one server at a time)."

    @one_at_a_time
    def handle(self, *args, **options):
        while True:
            send_queued(1, options.get("log_level"))
            if not get_queued().exists():
                break
