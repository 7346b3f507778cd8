"""What lending holds about a person, for export and erasure (RGPD).

Their own objects (with their photos) and every booking they made are deleted, and so are their
waiting-list entries and communication requests. Bookings of the commune's items they decided on,
handed over or booked for someone else stay, pointing at the anonymised account (the desk's record).
"""

from entraide.people.models import User

from .models import Booking, Item, SupportRequest, WaitingEntry

_OWN_ITEM = "deleted with the person's objects (a resident's object is theirs)"
_BOOKING = "deleted with the person's bookings; kept on others' bookings of their objects until those go"

COVERS = {
    "lending.Item.owner_person": _OWN_ITEM,
    **{
        f"lending.Item.{field}": "the item's own text: "
        + _OWN_ITEM
        + "; a commune's or initiative's item stays"
        for field in (
            "slug",
            "name",
            "description",
            "care_notes",
            "address",
            "equipment_inside",
            "business_name",
            "open_days",
            "day_hours",
            "conditions",
            "checklist",
        )
    },
    "lending.Booking.borrower": "deleted",
    "lending.Booking.entered_by": "kept, pointing at the anonymised account (the referent's record)",
    "lending.Booking.decided_by": "kept, pointing at the anonymised account",
    **{
        f"lending.Booking.{field}": _BOOKING
        for field in (
            "purpose",
            "refusal_reason",
            "checkout_checks",
            "checkout_note",
            "return_checks",
            "return_note",
        )
    },
    "lending.WaitingEntry.person": "deleted",
    "lending.SupportRequest.requester": "deleted",
    "lending.SupportRequest.handled_by": "kept, pointing at the anonymised account",
    "lending.SupportRequest.what": "deleted with the request",
    "lending.SupportRequest.refusal_reason": "deleted with the request",
}


def export(person: User) -> dict:
    bookings = Booking.objects.filter(borrower=person).select_related("item").order_by("starts_at", "pk")
    return {
        "objects_lent": [
            {"name": i.name, "description": i.description, "in_catalogue": i.is_active}
            for i in Item.objects.filter(owner_person=person).defer("photo").order_by("pk")
        ],
        "bookings": [
            {
                "item": b.item.name,
                "from": b.starts_at.isoformat(),
                "until": b.ends_at.isoformat(),
                "purpose": b.purpose,
                "status": b.get_status_display(),
                "reason": b.refusal_reason,
            }
            for b in bookings
        ],
        "waiting_list": [
            {"item": w.item.name, "from": w.starts_at.isoformat(), "until": w.ends_at.isoformat()}
            for w in WaitingEntry.objects.filter(person=person).select_related("item").order_by("pk")
        ],
        "communication_requests": [
            {
                "item": s.item.name,
                "what": s.what,
                "needed_by": s.wanted_by.isoformat(),
                "status": s.get_status_display(),
            }
            for s in SupportRequest.objects.filter(requester=person).select_related("item").order_by("pk")
        ],
    }


def erase(person: User) -> None:
    WaitingEntry.objects.filter(person=person).delete()
    SupportRequest.objects.filter(requester=person).delete()
    Booking.objects.filter(borrower=person).delete()
    Item.objects.filter(owner_person=person).delete()  # their objects' bookings go with them
