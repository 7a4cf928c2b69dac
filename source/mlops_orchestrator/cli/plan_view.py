"""A plan (`plan FILE`, or a dry run's answer) as text: stacks, blueprint, and parameters per stage."""

from __future__ import annotations

from typing import Any

from .tables import fields, table


def render_plan(plan: dict[str, Any], warnings: list[dict[str, Any]] | None = None) -> str:
    stages: dict[str, dict[str, Any]] = plan.get("stages") or {}
    blueprint_stack = plan.get("blueprint_stack_name")
    sections = [
        fields(
            [
                ("pipeline type", plan.get("pipeline_type")),
                ("pipeline stack", plan.get("stack_name")),
                ("pipeline template", plan.get("pipeline_template")),
                ("template.zip key", plan.get("template_zip") or "none (the blueprint is the pipeline stack)"),
            ]
        )
    ]
    if stages:
        sections.append(
            table(
                ["stage", "stack name", "blueprint", "params file"],
                [
                    [stage, blueprint_stack, plan.get("blueprint"), detail.get("params_file")]
                    for stage, detail in stages.items()
                ],
                wrap=None,
            )
        )
        sections.append(_parameters_by_stage(stages))
        sections.append(
            f"Parameters of the pipeline stack ({plan.get('pipeline_template')}):\n"
            + _name_value(plan.get("pipeline_parameters") or {})
        )
    else:
        # The image builder: its blueprint is deployed directly as the pipeline stack.
        sections.append(
            table(
                ["stage", "stack name", "blueprint", "params file"],
                [["-", plan.get("stack_name"), plan.get("blueprint"), "-"]],
                wrap=None,
            )
        )
        sections.append(
            f"Parameters of {plan.get('blueprint')}:\n" + _name_value(plan.get("pipeline_parameters") or {})
        )
    if warnings:
        sections.append("\n".join(f"warning: {item.get('field')}: {item.get('message')}" for item in warnings))
    return "\n\n".join(sections)


def _parameters_by_stage(stages: dict[str, dict[str, Any]]) -> str:
    """Values shared by every stage once; those that differ in one row per parameter, one column per stage."""
    names: list[str] = []
    for detail in stages.values():
        names += [name for name in detail.get("parameters", {}) if name not in names]
    values = {name: [detail.get("parameters", {}).get(name) for detail in stages.values()] for name in names}
    same = {name: found[0] for name, found in values.items() if all(value == found[0] for value in found)}
    if len(stages) == 1:
        return "Blueprint parameters:\n" + _name_value(same)
    sections = ["Blueprint parameters, the same in every stage:\n" + _name_value(same)]
    differing = [[name, *(_shown(value) for value in found)] for name, found in values.items() if name not in same]
    if differing:
        sections.append("Blueprint parameters that differ by stage:\n" + table(["parameter", *stages], differing, None))
    return "\n\n".join(sections)


def _name_value(parameters: dict[str, Any]) -> str:
    return table(["parameter", "value"], [[name, _shown(value)] for name, value in parameters.items()], None)


def _shown(value: Any) -> Any:
    # An empty parameter is meaningful (the blueprint's condition is off); show it rather than a blank.
    return "(empty)" if value == "" else value
