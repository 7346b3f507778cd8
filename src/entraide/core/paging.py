"""Pages of a long list whose exact total costs more than it is worth.

`BoundedPaginator` counts at most `cap + 1` rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`: a
bounded index range, whatever the table's size). Up to `cap` rows it behaves like Django's
Paginator ("Page 3 of 12"). Past it, the total is said as "more than 1,000" and the pages
are open-ended: each reads one row more than it shows to know whether a next page exists, and a
page past the end falls back to the first. A page costs `OFFSET` index entries plus one page, so
links stay numbered (`?page=N`, no JavaScript, shareable) and pages far back cost what the
anonymous board's already did; no query counts the whole list.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property

CAP = 1000


class BoundedPage(Page):
    def __init__(self, object_list, number, paginator, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        """The number of rows, up to `cap + 1` (more means "more than `cap`")."""
        rows = self.object_list.order_by().values("pk")[: self.cap + 1]
        return rows.count()

    @property
    def bounded(self) -> bool:
        """True when there are more than `cap` rows: the total and the last page are not known."""
        return self.count > self.cap

    @property
    def cap_display(self) -> str:
        """The cap as the page says it ("1 000" in French)."""
        return number_format(self.cap, force_grouping=True)

    @cached_property
    def num_pages(self):
        return None if self.bounded else super().num_pages

    def validate_number(self, number) -> int:
        if not self.bounded:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def get_page(self, number) -> Page:
        if not self.bounded:
            return super().get_page(number)
        try:
            number = self.validate_number(number)
        except (PageNotAnInteger, EmptyPage):
            number = 1
        return self.page(number)

    def page(self, number) -> Page:
        if not self.bounded:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            return self.page(1)
        return BoundedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
