"""Templates read services' plain dicts by key first, and everything else as Jinja always does."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.web.templating import ENV


@dataclass
class Tile:
    label: str


def test_dict_keys_attributes_and_methods_read_as_before():
    template = ENV.from_string(
        "{{ d.name }}|{{ d.missing is undefined }}|{{ t.label }}|"
        "{% for k, v in d.nested.items() %}{{ k }}={{ v }}{% endfor %}|{{ d.get('name') }}"
    )
    assert (
        template.render(d={"name": "Ada", "nested": {"a": 1}}, t=Tile("Orders"))
        == "Ada|True|Orders|a=1|Ada"
    )


def test_a_key_named_like_a_dict_method_is_the_data():
    assert ENV.from_string("{{ d.values }}").render(d={"values": "the data"}) == "the data"
