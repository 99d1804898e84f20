"""Shared pieces of the exercise front ends: safe HTML, labelled controls, saving and export.

Every exercise UI is a thin layer: it builds ipywidgets controls, calls the marking
functions and shows what they return. What they share lives here, so that:

* any text shown through ``widgets.HTML`` goes through :func:`esc` (data and student
  text can contain ``<``; nothing here trusts it);
* every control has a visible, programmatically associated label (``description``)
  that screen readers announce, and nothing needs a mouse (no sliders);
* every UI saves on every change and restores on construction the same way, and
  shows the same name prompt and "Export my answers" button.
"""
from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ..inbrowser import download_links, save_to_computer
from . import attempts
from .chain import TITLES, evaluate, plain_data
from .citations import plain_text
from .export import write_export
from .store import AnswerStore, answers_dir, hub_user, initial_student, parse_members

# -- safe HTML -------------------------------------------------------------------------------


def esc(text: Any) -> str:
    """Escape text for widgets.HTML; the only way text reaches HTML in the exercises."""
    return html.escape(str(text), quote=True)


def para(text: str, strong: str | None = None) -> str:
    """A paragraph of plain text, optionally led by a bold plain-text label."""
    lead = f"<strong>{esc(strong)}</strong> " if strong else ""
    return f"<p>{lead}{esc(text)}</p>"


def bullets(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], caption: str) -> str:
    """A table of plain-text cells with a caption and header scopes, for screen readers."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    # The caption inherits the widget's text colour: a theme's muted caption grey fails contrast
    # on the light widget background when the page is in dark mode.
    return (f'<table class="claimlab-table"><caption style="color: inherit; text-align: left">{esc(caption)}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def box(title: str, *parts: str, tone: str = "info") -> str:
    """A titled panel around fragments built with the helpers above (already escaped)."""
    colour = {"good": "#1b7f3b", "warn": "#a15c00", "info": "#3b5b92"}[tone]
    return (f'<div style="border-left: 4px solid {colour}; padding: 0.2em 0.8em; margin: 0.5em 0">'
            f"<p><strong>{esc(title)}</strong></p>{''.join(parts)}</div>")


def live(fragment: str) -> str:
    """Wrap a status message so assistive technology announces changes."""
    return f'<div role="status" aria-live="polite">{fragment}</div>'


# -- labelled controls -----------------------------------------------------------------------

_STYLE = {"description_width": "initial"}


def _layout() -> widgets.Layout:
    return widgets.Layout(width="auto", max_width="100%")


def dropdown(description: str, options: Sequence[tuple[str, Any]], tooltip: str = "") -> widgets.Dropdown:
    """A labelled dropdown whose first option, "Choose…", means "not answered" ('' as value)."""
    return widgets.Dropdown(options=[("Choose…", ""), *options], value="", description=description,
                            tooltip=tooltip or description, style=_STYLE, layout=_layout())


def picker(description: str, options: Sequence[tuple[str, Any]]) -> widgets.Dropdown:
    """A labelled dropdown for moving between items (always has a value)."""
    return widgets.Dropdown(options=list(options), description=description, style=_STYLE, layout=_layout())


def toggles(description: str, options: Sequence[tuple[str, str]], tooltips: Sequence[str]) -> widgets.ToggleButtons:
    """Labelled toggle buttons with nothing chosen yet."""
    return widgets.ToggleButtons(options=list(options), value=None, description=description,
                                 tooltips=list(tooltips), style={**_STYLE, "button_width": "auto"})


def radios(description: str, options: Sequence[tuple[str, str]]) -> widgets.RadioButtons:
    return widgets.RadioButtons(options=list(options), value=None, description=description, style=_STYLE,
                                layout=widgets.Layout(width="100%"))


def text(description: str, placeholder: str = "") -> widgets.Text:
    """A labelled one-line input that reports its value on Enter or when focus leaves it."""
    return widgets.Text(description=description, placeholder=placeholder, continuous_update=False,
                        style=_STYLE, layout=widgets.Layout(width="100%"))


def text_area(description: str, placeholder: str = "") -> widgets.Textarea:
    """A labelled multi-line input that reports its value when focus leaves it."""
    return widgets.Textarea(description=description, placeholder=placeholder, continuous_update=False,
                            style=_STYLE, layout=widgets.Layout(width="100%", height="6em"))


def button(description: str, tooltip: str, icon: str = "", primary: bool = False) -> widgets.Button:
    return widgets.Button(description=description, tooltip=tooltip, icon=icon,
                          button_style="primary" if primary else "", layout=_layout())


def restore_value(control: widgets.ValueWidget, value: Any) -> None:
    """Show a saved answer in a control, or leave it unanswered if the saved value is missing or no
    longer one of its options (the data may have changed since the answer was saved)."""
    blank = "" if isinstance(control, (widgets.Dropdown, widgets.Text)) else None
    options = [option[1] for option in getattr(control, "options", ())]
    if value is None or (isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons))
                         and value not in options):
        value = blank
    control.value = value


def heading(text_: str) -> widgets.Label:
    """A visible label above a group of controls."""
    return widgets.Label(value=text_, style={"font_weight": "bold"})


class Stepper:
    """An item picker with Previous/Next buttons, for exercises that go through a list."""

    def __init__(self, description: str, options: Sequence[tuple[str, str]], on_change: Callable[[str], None]):
        self.picker = picker(description, options)
        self.previous = button("Previous", f"Previous {description.lower()}", "arrow-left")
        self.next = button("Next", f"Next {description.lower()}", "arrow-right")
        self.previous.on_click(lambda _: self._move(-1))
        self.next.on_click(lambda _: self._move(1))
        self.picker.observe(lambda change: on_change(change["new"]), names="value")
        self.widget = widgets.HBox([self.picker, self.previous, self.next],
                                   layout=widgets.Layout(flex_flow="row wrap"))

    def _move(self, step: int) -> None:
        values = [value for _, value in self.picker.options]
        self.picker.value = values[(values.index(self.picker.value) + step) % len(values)]


# -- session: data + store, shared by the UIs of one kernel ---------------------------------------


@dataclass
class Session:
    """The data (plain dicts) and the answer store an exercise UI works with."""

    data: dict[str, Any]
    store: AnswerStore

    def plain(self, text_: str) -> str:
        """Data text with citation roles turned into "(Publisher, date)"."""
        return plain_text(text_, self.data["sources"])


_SESSION: Session | None = None


def default_session() -> Session:
    """Load the data and open the student's answers once per kernel."""
    global _SESSION
    if _SESSION is None:
        from claimlab.data import load_dataset  # needs PyYAML, which a browser kernel lacks

        data = plain_data(load_dataset())
        directory = answers_dir()
        student = initial_student(directory)
        _SESSION = Session(data, AnswerStore(directory, data["edition"], student))
    return _SESSION


class ExerciseBox(widgets.VBox):
    """A whole exercise. Its plain-text form is what shows wherever widgets cannot be drawn
    (a notebook viewer, a site without the widget manager), so it says what the box is."""

    def __init__(self, title: str, children: Sequence[widgets.Widget]):
        super().__init__(children=list(children), layout=widgets.Layout(width="100%"))
        self.exercise_title = title
        self.add_class("claimlab-exercise")  # the in-browser page marks this element live (lite/claimlab-live.js)

    def __repr__(self) -> str:
        return f"Exercise: {self.exercise_title}. Interactive; needs a running Python kernel."


class Frame:
    """What every exercise shows around its own controls: who is saving, whether it worked, and export.

    The status line says "Saved" only after a successful write, with its time; a failing save
    shows the problem instead, and the answer on screen is kept (the store writes it with the next
    successful save). "Working as a group?" lets a pair or group sign in under a group name with
    its members (also on JupyterHub, where the hub user is always one of them); unticking it
    returns to saving as a person. ``restore`` is called after every sign-in, because the file
    may hold answers from an earlier session that the controls must now show.
    """

    def __init__(self, session: Session, exercise: str, restore: Callable[[], None]):
        self.session = session
        self.exercise = exercise
        self.restore = restore
        self.hub = hub_user()
        self.hub_name = os.environ.get("JUPYTERHUB_USER", "").strip() or None  # always a member of their group
        self.status = widgets.HTML()
        self.name = text("Your name", "e.g. Ann Smith, then press Enter")
        self.sign_in = button("Save my answers under this name", "Start saving your answers", "save")
        self.name.observe(lambda _: self._sign_in(), names="value")
        self.sign_in.on_click(lambda _: self._sign_in())
        self.name_row = widgets.HBox([self.name, self.sign_in], layout=widgets.Layout(flex_flow="row wrap"))
        self.as_group = widgets.Checkbox(value=session.store.group is not None, description="Working as a group?",
                                         indent=False, layout=_layout())
        self.group_name = text("Group name", "e.g. Table 3")
        self.members = text_area("Members (one per line, or separated by commas)",
                                 "e.g. Ann Smith, Ben Lee" + (" (you are added as a member)" if self.hub else ""))
        self.join = button("Save our answers under this group", "Start saving as a group", "users")
        self.join.on_click(lambda _: self._join_group())
        self.group_box = widgets.VBox([self.group_name, self.members, self.join])
        self.as_group.observe(lambda change: self._group_ticked(change["new"]), names="value")
        self.export = button("Export my answers", "Write your answers as JSON and Markdown files", "download")
        self.export_status = widgets.HTML()
        self.export.on_click(lambda _: self._export())
        self.clear = button("Clear this exercise", "Remove your answers to this exercise (you are asked first)",
                            "trash")
        self.clear_yes = button("Yes, clear my answers to this exercise",
                                "Remove them for good; your other exercises are kept", "trash")
        self.clear_no = button("No, keep them", "Keep your answers as they are", "times")
        self.clear_question = widgets.HTML()
        self.clear_confirm = widgets.VBox([self.clear_question, widgets.HBox([self.clear_yes, self.clear_no])])
        self.clear_confirm.layout.display = "none"
        self.clear_status = widgets.HTML()
        self.clear.on_click(lambda _: self._ask_clear())
        self.clear_yes.on_click(lambda _: self._clear())
        self.clear_no.on_click(lambda _: self._keep())
        self._show_status()

    def wrap(self, *body: widgets.Widget) -> ExerciseBox:
        return ExerciseBox(TITLES[self.exercise], [self.name_row, self.as_group, self.group_box, self.status, *body,
                                                   self.export, self.export_status, self.clear, self.clear_confirm,
                                                   self.clear_status])

    def load(self) -> dict[str, Any]:
        return self.session.store.get(self.exercise)

    def save(self, answers: dict[str, Any]) -> None:
        try:
            self.session.store.put(self.exercise, answers)
        except OSError as problem:  # the store reports failures itself; this guards any other path to the disk
            self._show_status(f"{problem.strerror or problem}")
            return
        self._show_status()

    def _show_status(self, problem: str = "") -> None:
        store = self.session.store
        problem = problem or store.save_problem or ""
        in_group = store.group is not None
        self.name_row.layout.display = "none" if store.student else None
        self.group_box.layout.display = None if self.as_group.value and not in_group else "none"
        who = esc(store.display_name)
        if in_group:
            who += " (" + esc(", ".join(store.group["members"])) + ")"
        if not store.student:
            message = ("Type your name and press Enter so that your answers are saved. "
                       "Until then they are kept only while this notebook runs.")
        elif store.blocked:
            message = "Saving is paused."
        elif problem:
            message = (f"Not saved: your last change could not be saved ({esc(problem)}). It is kept while this "
                       "notebook runs and will be saved with your next change; if this message stays, ask your "
                       "instructor about the answers folder.")
        elif store.saved_at is not None:
            message = f"Saved as {who} at {store.saved_at.astimezone(dt.timezone.utc):%H:%M:%S} UTC."
        else:
            message = f"Signed in as {who}. Each change you make is written to your answers file."
        notes = "".join(para(m, "Note:") for m in store.messages)
        self.status.value = live(f"<p>{message}</p>" + notes)

    def _signed_in(self) -> None:
        self.restore()
        self._show_status()

    def _sign_in(self) -> None:
        if not self.name.value.strip():
            return
        try:
            self.session.store.sign_in(self.name.value, remember=True)
        except ValueError as problem:
            self.status.value = live(para(str(problem), "Not signed in:"))
            return
        self._signed_in()

    def _join_group(self) -> None:
        try:
            members = parse_members(self.members.value, required=self.hub_name)
            self.session.store.sign_in(self.group_name.value, remember=True, members=members)
        except ValueError as problem:
            self.status.value = live(para(str(problem), "Not signed in as a group:"))
            return
        self._signed_in()

    def _group_ticked(self, ticked: bool) -> None:
        store = self.session.store
        if not ticked and store.group is not None:  # leave the group: back to the hub user, or to the name prompt
            try:
                if self.hub:
                    store.sign_in(self.hub, remember=True)
                else:
                    store.sign_out()
            except ValueError as problem:
                self.as_group.value = True
                self.status.value = live(para(str(problem), "Still in the group:"))
                return
            self._signed_in()
            return
        self._show_status()

    def _ask_clear(self) -> None:
        """Clearing loses work: it happens only after a second, explicit answer."""
        self.clear_question.value = live(box(
            "Clear this exercise?",
            para(f"This removes every answer and reason you gave in \u201c{TITLES[self.exercise]}\u201d, "
                 "including your first attempts. Your other exercises are kept. It cannot be undone; export "
                 "your answers first if you may need them."), tone="warn"))
        self.clear_confirm.layout.display = None
        self.clear_status.value = ""

    def _keep(self) -> None:
        self.clear_confirm.layout.display = "none"
        self.clear_status.value = live(para("Nothing was cleared."))

    def _clear(self) -> None:
        self.clear_confirm.layout.display = "none"
        if not self.session.store.clear(self.exercise):
            self._show_status()
            self.clear_status.value = live(para("Not cleared: your answers could not be changed.", "Note:"))
            return
        self.restore()
        self._show_status()
        self.clear_status.value = live(para("Cleared. Your answers to this exercise are gone; your other "
                                            "exercises are kept."))

    def _export(self) -> None:
        try:
            json_path, md_path = write_export(self.session.store, self.session.data)
        except (ValueError, OSError) as problem:
            self.export_status.value = live(para(f"Not exported: {problem}"))
            return
        if save_to_computer(json_path):  # in the browser: this click already saved the file the class report reads
            self.export_status.value = live(
                para(f"Exported: your browser saved {json_path.name} (look in your downloads). Hand that file in.")
                + para("A copy to read:") + download_links([md_path]))
            return
        self.export_status.value = live(
            para("Exported. Hand in the JSON file; the Markdown file is for reading.")
            + bullets([str(json_path.resolve()), str(md_path.resolve())]))


def short(text_: str, limit: int = 70) -> str:
    """One line of a long text for a dropdown option."""
    flat = " ".join(text_.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def progress_html(progress: dict[str, Any], unit: str) -> str:
    done, required = progress["done"], progress["required"]
    message = f"Progress: {done} {unit} done; {required} needed to finish."
    return live(para(message + (" Finished: well done." if progress["finished"] else "")))


def saved_html() -> str:
    """What a commit shows in the assessed edition instead of feedback."""
    from claimlab.assessed import SAVED_MESSAGE

    return box(SAVED_MESSAGE, para("Your choice and your reason are kept in your answers file; export them when you "
                                   "are done."), tone="info")


class ItemExercise:
    """An exercise that goes through items one at a time (evidence, claims, main claims).

    Commit before you see (contract 1, :mod:`claimlab.exercises.attempts`): each item shows its
    controls, a one-line "Your reason" box and a "Commit my answer" button. Nothing about the
    model answer appears until a complete choice and a reason that names what it rests on are
    committed. A later commit is a revision; the first attempt is never overwritten. What is on
    screen but not committed is saved as a draft, so nothing typed is lost.

    ``answers["items"][item id]`` is the item's attempts record. Subclasses supply the controls,
    the item card, the anchors a reason may name and the feedback; this class does navigation,
    drafts, commits, restoring and the first-attempt note.
    """

    exercise = ""
    item_label = "Item"
    answer_heading = "Your answer"
    unit = "items"

    def __init__(self, session: Session, items: Sequence[dict[str, Any]], controls: dict[str, widgets.ValueWidget]):
        self.session = session
        self.items = {item["id"]: item for item in items}
        self.controls = controls
        self.answers: dict[str, Any] = {"items": {}}
        self._loading = False
        self.frame = Frame(session, self.exercise, self.restore)
        self.stepper = Stepper(self.item_label, [(f"{n}. {short(self.title(item))}", item["id"])
                                                 for n, item in enumerate(items, 1)], lambda _: self.show())
        self.card = widgets.HTML()
        self.reason = text("Your reason (one line)", "The source, evidence or term your choice rests on")
        self.commit = button("Commit my answer", "Keep your choice and reason; then see the model view", "lock",
                             primary=True)
        self.feedback = widgets.HTML()
        self.progress = widgets.HTML()
        self.commit.on_click(lambda _: self._commit())
        if session.data.get("assessed"):  # assessed edition: no model answers shipped, so no feedback (claimlab.assessed)
            self.feedback_html = lambda item, choice: saved_html()  # type: ignore[method-assign]
        for control in (*controls.values(), self.reason):
            control.observe(lambda _: self._changed(), names="value")

    # hooks for subclasses
    def title(self, item: dict[str, Any]) -> str:
        raise NotImplementedError

    def card_html(self, item: dict[str, Any]) -> str:
        raise NotImplementedError

    def anchors(self, item: dict[str, Any]) -> set[str]:
        """Words a reason for this item may name (see ``attempts.reason_problems``)."""
        raise NotImplementedError

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        """Feedback on a committed choice (only ever called for committed items)."""
        raise NotImplementedError

    def prepare(self, item: dict[str, Any]) -> None:
        """Adapt the controls to ``item`` before its answer is shown (e.g. its own options)."""

    def read_choice(self) -> dict[str, Any]:
        """The choice on screen, unanswered controls left out."""
        return {name: c.value for name, c in self.controls.items() if c.value not in ("", None)}

    def incomplete(self, choice: dict[str, Any]) -> str:
        """Why ``choice`` cannot be committed yet ("" when it can)."""
        return "" if all(name in choice for name in self.controls) else "Answer every part first."

    def write_choice(self, choice: dict[str, Any]) -> None:
        """Show a saved choice in the controls."""
        for name, control in self.controls.items():
            restore_value(control, choice.get(name))

    def describe(self, choice: dict[str, Any]) -> str:
        """A committed choice in words, for the first-attempt note."""
        return "; ".join(f"{name} {value}" for name, value in choice.items())

    def extra(self) -> list[widgets.Widget]:
        """Widgets shown below the item (e.g. the verdict's essay outline)."""
        return []

    # shared behaviour
    def build(self) -> widgets.VBox:
        self.restore()
        return self.frame.wrap(self.stepper.widget, self.card, heading(self.answer_heading), *self.controls.values(),
                               self.reason, self.commit, self.feedback, self.progress, *self.extra())

    @property
    def current(self) -> dict[str, Any]:
        return self.items[self.stepper.picker.value]

    def _record(self) -> dict[str, Any]:
        return self.answers["items"].get(self.current["id"], {})

    def restore(self) -> None:
        stored = self.frame.load().get("items", {})
        self.answers = {"items": {k: dict(v) for k, v in stored.items() if isinstance(v, dict)}}
        self.show()

    def show(self) -> None:
        record = self._record()
        latest = attempts.latest(record) or {"choice": {}, "reason": ""}
        self._loading = True
        try:
            self.prepare(self.current)
            self.write_choice(record.get("draft", latest["choice"]))
            self.reason.value = record.get("draft_reason", latest["reason"])
        finally:
            self._loading = False
        self.card.value = self.card_html(self.current)
        self._show_feedback()
        self._show_progress()

    def _show_feedback(self, problem: str = "") -> None:
        record = self._record()
        latest = attempts.latest(record)
        if problem:
            self.feedback.value = live(box("Not committed yet", para(problem), tone="warn"))
            return
        if latest is None:
            self.feedback.value = live(para("Commit a choice and a one-line reason to see the model view."))
            return
        parts = [self.feedback_html(self.current, latest["choice"])]
        first = attempts.first(record)
        if first and attempts.revisions(record):
            parts.append(para(f"{self.describe(first['choice'])}. Reason: {first['reason'] or '(none given)'}",
                              "Your first attempt, kept as it was:"))
        if "draft" in record or "draft_reason" in record:
            parts.append(para("You have changed your answer since you committed it. Commit again to keep the "
                              "change as a revision; the feedback above is for your committed answer."))
        self.feedback.value = live("".join(parts))

    def _show_progress(self) -> None:
        self.progress.value = progress_html(evaluate(self.exercise, self.answers, self.session.data)["progress"],
                                            self.unit)

    def _changed(self) -> None:
        if self._loading:
            return
        record = self._record()
        latest = attempts.latest(record) or {"choice": {}, "reason": ""}
        choice, reason = self.read_choice(), self.reason.value
        if (choice, " ".join(reason.split())) == (latest["choice"], latest["reason"]):
            draft = attempts.with_draft(record, {})  # back to what is committed: no draft
        else:
            draft = attempts.with_draft(record, choice, reason)
        self.answers["items"][self.current["id"]] = draft
        self.frame.save(self.answers)
        self._show_feedback()

    def _commit(self) -> None:
        choice = self.read_choice()
        problems = [p for p in [self.incomplete(choice)] if p]
        problems += attempts.reason_problems(self.reason.value, self.anchors(self.current))
        if problems:
            self._show_feedback(" ".join(problems))
            return
        at = self.session.store.clock().isoformat(timespec="seconds")
        self.answers["items"][self.current["id"]] = attempts.commit(self._record(), choice, self.reason.value, at)
        self.frame.save(self.answers)
        self._show_feedback()
        self._show_progress()
