from django import template

register = template.Library()


@register.filter
def resource_lines(cell, exact: bool) -> list[str]:
    return cell.lines("resource", exact)


@register.filter
def need_lines(cell, exact: bool) -> list[str]:
    return cell.lines("need", exact)


@register.filter
def people(value, exact: bool) -> str:
    from ..table import shown

    return shown(value, exact)
