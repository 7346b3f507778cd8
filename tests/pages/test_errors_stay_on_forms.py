"""No view answers bad input with a page-top message and a redirect (RGAA 11.10): a form that does
not validate is rendered again, bound, its errors tied to their fields (core.forms.row_form for
pages with one form per row). This walks every view module: a function that validates a form and
also calls messages.error is listed here with why the message is not about the form's input."""

import ast
from pathlib import Path

import entraide

# "app/module.py:function": why its messages.error is not about a form's input.
NOT_ABOUT_INPUT = {
    # The post can no longer be answered (closed, blocked): a state, not the message's text.
    "board/views.py:post_reply": "the post can no longer be answered",
    "board/views.py:post_done": "nobody has replied yet: no form is shown",
    # The reason's errors stay on the form; the page-top message is for dates decided meanwhile.
    "lending/views.py:series_action": "the requests are no longer awaiting a decision",
}

# Left to their app's owners (issue 17; these apps were being written at the same time): still a
# page-top message and a redirect on bad input. Remove a line once its view re-renders its form.
NOT_YET: set[str] = set()


def offenders() -> set[str]:
    root = Path(entraide.__file__).parent
    found = set()
    for path in sorted(root.glob("*/views*.py")) + sorted(root.glob("*/views/*.py")):
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
            names = {ast.unparse(call.func) for call in calls}
            validates = any(name.endswith(".is_valid") for name in names)
            if validates and "messages.error" in names:
                found.add(f"{path.relative_to(root).as_posix()}:{function.name}")
    return found


def test_no_view_answers_bad_input_with_a_page_top_message():
    assert offenders() - set(NOT_ABOUT_INPUT) - NOT_YET == set()


def test_the_list_of_exceptions_holds_no_fixed_view():
    assert set(NOT_ABOUT_INPUT) - offenders() == set()
