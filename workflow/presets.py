"""Workflow presets: the default three-role cycle and a small-city preset with merged roles.

`preset_apply` writes a preset into the configuration tables (idempotent). It takes an `apps` registry so the data
migration can call it with historical models; the management command `workflow_preset` calls it with the live ones.
"""

from django.db import transaction

BOXES = {
    # code: (Persian, English, status, receiving roles, receive policy, deadline hours, uses category deadline,
    #        start, terminal, order)
    "receipt": ("دریافت", "Receipt", "registered", ("operator",), "pool", 8, False, True, False, 10),
    "followup": ("پیگیری", "Follow-up", "in_followup", ("followup",), "auto_scope", 72, True, False, False, 20),
    "response": ("پاسخگویی", "Response", "in_response", ("responder",), "pool", 24, False, False, False, 30),
    "feedback": ("بازخورد", "Feedback", "in_response", ("responder",), "pool", None, False, False, False, 40),
    "archive": ("بایگانی", "Archive", "archived", ("supervisor", "manager"), "pool", None, False, False, True, 50),
}

OPERATIONS = {
    # code: (Persian, English, kind, colour, requires text, order)
    # Draft review (from the draft form, which writes the request too): confirm, answered on the spot, link.
    # Named as the timeline shows them (they are never buttons).
    "confirm": ("پیش‌نویس تأیید و ثبت شد", "Draft confirmed and registered", "confirm", "#3949ab", False, 1),
    "confirm_answered": ("پیش‌نویس در لحظه پاسخ داده و بسته شد", "Draft answered on the spot and closed", "confirm",
                         "#3949ab", False, 2),
    "draft_linked": ("پیش‌نویس به پرونده باز پیوند شد (تکراری)", "Draft linked to an open case (duplicate)", "link",
                     "#00897b", False, 3),
    "refer": ("ارجاع", "Refer", "refer", "#1e88e5", False, 10),
    "answer": ("ثبت جوابیه", "Record the official's answer", "answer", "#43a047", True, 20),
    "return": ("بازگشت", "Return", "return", "#fb8c00", True, 30),
    "survey_done": ("انجام شده", "Done", "respond", "#2e7d32", False, 40),
    "survey_not_done": ("انجام نشده", "Not done", "return", "#e53935", False, 50),
    "schedule_feedback": ("تعیین زمان بازخورد", "Schedule feedback", "feedback", "#8e24aa", False, 60),
    "archive": ("بایگانی", "Archive", "archive", "#546e7a", False, 70),
    "reopen": ("بازگشایی", "Reopen", "reopen", "#6d4c41", True, 80),
}

_S = "supervisor"
DEFAULT_RELATIONS = [
    # (from, operation, to, roles, assignee policy, schedules feedback)
    ("receipt", "confirm", "receipt", ("operator", _S), "keep", False),
    ("receipt", "confirm_answered", "archive", ("operator", _S), "none", False),
    ("receipt", "draft_linked", "archive", ("operator", _S), "none", False),
    ("receipt", "refer", "followup", ("operator", _S), "optional", False),
    ("receipt", "archive", "archive", ("operator", _S), "none", False),
    ("followup", "refer", "followup", ("followup", _S), "optional", False),
    ("followup", "answer", "response", ("followup", _S), "none", False),
    ("followup", "return", "receipt", ("followup", _S), "none", False),
    ("response", "survey_done", "archive", ("responder", _S), "none", False),
    ("response", "survey_not_done", "followup", ("responder", _S), "optional", False),
    ("response", "schedule_feedback", "feedback", ("responder", _S), "none", True),
    ("feedback", "survey_done", "archive", ("responder", _S), "none", False),
    ("feedback", "survey_not_done", "followup", ("responder", _S), "optional", False),
    ("archive", "reopen", "followup", (_S,), "optional", False),
]

PRESETS = {
    "default": {
        "boxes": BOXES,
        "relations": DEFAULT_RELATIONS,
        "overrides": {},
        "merged_role": None,
    },
    # A small city: one clerk role includes receipt, follow-up and response; no separate feedback inbox; the
    # follow-up inbox is shared instead of assigned by scope.
    "small_city": {
        "boxes": {code: spec for code, spec in BOXES.items() if code != "feedback"},
        "relations": [r for r in DEFAULT_RELATIONS if "feedback" not in (r[0], r[2])],
        "overrides": {"followup": {"receive_policy": "pool"}},
        "merged_role": ("clerk", "کارشناس ۱۳۷", "137 clerk", ("operator", "followup", "responder")),
    },
}


def preset_apply(name: str, *, apps=None) -> None:
    """Make the configuration equal to the preset: boxes, operations and relations not in it are deactivated."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(sorted(PRESETS))}")
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Group = apps.get_model("auth", "Group")
    Box = apps.get_model("workflow", "Box")
    Operation = apps.get_model("workflow", "Operation")
    Relation = apps.get_model("workflow", "Relation")
    RoleDefinition = apps.get_model("organization", "RoleDefinition")
    preset = PRESETS[name]

    def group(role: str):
        return Group.objects.get_or_create(name=role)[0]

    with transaction.atomic():
        boxes = {}
        for code, (fa, en, status, roles, policy, hours, uses_cat, start, terminal, order) in BOXES.items():
            wanted = code in preset["boxes"]
            fields = dict(
                name_fa=fa, name_en=en, status=status, receive_policy=policy, deadline_hours=hours,
                uses_category_deadline=uses_cat, is_start=start, is_terminal=terminal, sort_order=order,
                is_active=wanted,
            )
            fields.update(preset["overrides"].get(code, {}))
            box, _ = Box.objects.update_or_create(code=code, defaults=fields)
            box.receive_roles.set([group(r) for r in roles])
            boxes[code] = box
        Box.objects.exclude(code__in=list(preset["boxes"])).update(is_active=False)
        Box.objects.exclude(code="receipt").update(is_start=False)

        operations = {}
        for code, (fa, en, kind, color, requires_text, order) in OPERATIONS.items():
            operations[code], _ = Operation.objects.update_or_create(
                code=code,
                defaults=dict(name_fa=fa, name_en=en, kind=kind, color=color, requires_text=requires_text,
                              sort_order=order, is_active=True),
            )

        kept = []
        for from_code, op_code, to_code, roles, policy, schedules in preset["relations"]:
            relation, _ = Relation.objects.update_or_create(
                from_box=boxes[from_code], operation=operations[op_code],
                defaults=dict(to_box=boxes[to_code], assignee_policy=policy, schedules_feedback=schedules,
                              is_active=True),
            )
            relation.roles.set([group(r) for r in roles])
            kept.append(relation.pk)
        Relation.objects.exclude(pk__in=kept).update(is_active=False)

        merged = preset["merged_role"]
        if merged:
            role_name, fa, en, includes = merged
            definition, _ = RoleDefinition.objects.update_or_create(
                group=group(role_name), defaults=dict(label_fa=fa, label_en=en, is_active=True),
            )
            definition.includes.set([
                RoleDefinition.objects.get_or_create(group=group(inc), defaults={"label_fa": inc})[0]
                for inc in includes
            ])


DRAFT_OPERATIONS = ("confirm", "confirm_answered", "draft_linked")


def draft_operations_install(*, apps) -> None:
    """Give an existing configuration the draft-review operations and their relations from its start inbox
    (confirm → the start inbox; answered on the spot and link → the first terminal inbox), leaving the rest of
    it as the city configured it. The relations take the start inbox's receiving roles and the supervisor."""
    Box = apps.get_model("workflow", "Box")
    Operation = apps.get_model("workflow", "Operation")
    Relation = apps.get_model("workflow", "Relation")
    Group = apps.get_model("auth", "Group")
    start = Box.objects.filter(is_start=True, is_active=True).order_by("sort_order").first()
    terminal = Box.objects.filter(is_terminal=True, is_active=True).order_by("sort_order").first()
    if start is None:
        print("  workflow: no active start inbox, so no draft-review operations were added "
              "(`manage.py workflow_preset default` loads a whole configuration)")
        return
    if terminal is None:
        print("  workflow: no active terminal inbox: drafts can be confirmed but not answered on the spot or "
              "linked until one exists and has those relations")
    roles = [*start.receive_roles.all(), Group.objects.get_or_create(name=_S)[0]]
    with transaction.atomic():
        for code in DRAFT_OPERATIONS:
            fa, en, kind, color, requires_text, order = OPERATIONS[code]
            operation, _ = Operation.objects.get_or_create(
                code=code, defaults=dict(name_fa=fa, name_en=en, kind=kind, color=color,
                                         requires_text=requires_text, sort_order=order, is_active=True))
            if operation.kind != kind:  # the code was taken by an operation of the city's own: make it this one
                Operation.objects.filter(pk=operation.pk).update(kind=kind, requires_text=requires_text)
            to_box = start if code == "confirm" else terminal
            if to_box is None:
                continue
            relation, created = Relation.objects.get_or_create(
                from_box=start, operation=operation,
                defaults=dict(to_box=to_box, assignee_policy="keep" if to_box == start else "none",
                              schedules_feedback=False, is_active=True))
            if created:
                relation.roles.set(roles)
