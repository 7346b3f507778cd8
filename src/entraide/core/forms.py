from django.http import HttpRequest


def posted(request: HttpRequest):
    """A form's data: the POST, even an empty one (which then fails validation), or None on GET.

    `request.POST or None` would treat an empty POST as a first visit and store nothing
    without saying why.
    """
    return request.POST if request.method == "POST" else None
