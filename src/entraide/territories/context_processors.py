def territory(request):
    return {"territory": getattr(request, "territory", None)}
