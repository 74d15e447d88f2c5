"""A geo test for one channel, in one click: the design first (:func:`~.geo.geo_design`: every
other region by revenue switched, the power from the regions' own weekly history, in words), then
the test recorded as a draft experiment: arms ``control`` (the regions left as they are) and
``treated`` (the regions switched), weighted by their number, the regions as the planned units,
and the hypothesis naming both lists and the readout command. Recording the same channel's test
again adds nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace

from regulars.errors import InputError
from regulars.services.mmm.geo import GeoDesign, geo_design
from regulars.services.mmm.holdout import experiment_named
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class ChannelGeoTest:
    """The geo test designed for ``channel``: the regions, the treated half, the power; and the
    experiment recording it (``experiment_id`` None until recorded)."""

    channel: str
    design: GeoDesign
    control: tuple[str, ...]
    experiment: str
    experiment_id: str | None
    recorded_now: bool
    explanation: str


def _name(channel: str) -> str:
    channel = channel.strip()
    if not channel:
        raise InputError("name the channel the geo test switches on or off (e.g. email)")
    return f"Geo test: {channel}"


def design_geo_test(ws: Workspace, channel: str, weeks_after: int = 8,
                    effect_cents: float | None = None) -> ChannelGeoTest:  # fmt: skip
    """The design and its power for switching ``channel`` in half the regions."""
    name = _name(channel)
    design = geo_design(ws, weeks_after, effect_cents)
    control = tuple(r for r in design.regions if r not in design.treated)
    found = experiment_named(ws, name)
    text = f"{channel.strip()}: {design.explanation}"
    if found:
        text += f" Recorded as the draft experiment {name!r}."
    return ChannelGeoTest(channel.strip(), design, control, name, found, False, text)


def record_geo_test(ws: Workspace, channel: str, weeks_after: int = 8,
                    effect_cents: float | None = None) -> ChannelGeoTest:  # fmt: skip
    """Design (power first) and record the test as a draft experiment; once per channel."""
    from regulars.services.experiments import create_experiment

    test = design_geo_test(ws, channel, weeks_after, effect_cents)
    if test.experiment_id:
        return test
    d = test.design
    share = round(len(d.treated) / len(d.regions), 4)
    readout = (f"regulars campaigns test readout --regions {','.join(d.treated)} --start "
               "YYYY-MM-DD")  # fmt: skip
    hypothesis = (f"{test.explanation} Treated regions: {', '.join(d.treated)}. Control regions: "
                  f"{', '.join(test.control)}. Read it out with {readout}.")  # fmt: skip
    made = create_experiment(ws, test.experiment, f"control:{1 - share:g},treated:{share:g}",
                             hypothesis=hypothesis, primary_metric="revenue",
                             planned_sample_size=len(d.regions))  # fmt: skip
    text = (f"{test.explanation} Recorded as the draft experiment {made.name!r}: switch "
            f"{test.channel} in the treated regions for {d.power.weeks_after} weeks from a start "
            f"day, then read it out with {readout}.")  # fmt: skip
    return replace(test, experiment_id=made.experiment_id, recorded_now=True, explanation=text)
