def navigation(request):
    """The current view's name, for aria-current in the menu ("" on error pages)."""
    match = getattr(request, "resolver_match", None)
    return {"current_view": match.view_name if match else ""}
