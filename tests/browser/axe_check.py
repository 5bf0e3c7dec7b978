"""axe-core in a Playwright page: the WCAG 2 A and AA rules, each violation as one readable line."""

from __future__ import annotations

#: axe-core's tags of the WCAG 2 rules at levels A and AA (WCAG 2.1's additions are tagged
#: wcag21a and wcag21aa and are not run).
AXE_TAGS = ("wcag2a", "wcag2aa")

_RUN = """async ([context, tags, skip]) => {
  const rules = Object.fromEntries(skip.map(id => [id, {enabled: false}]));
  const result = await axe.run(context || document, {
    runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => ({target: n.target.flat().join(' '),
                                                                html: n.html}))}));
}"""


def axe_violations(page, source: str, *, context=None, skip: tuple = ()) -> list[str]:
    """Run axe-core (``source``, its script) in ``page``: one line per element that fails a rule.

    ``context`` limits the check to part of the page (axe's context: a selector or
    ``{"include": [...], "exclude": [...]}``); ``skip`` names rules not to run. The script is
    injected inline, so checking makes no request.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=source)
    found = page.evaluate(_RUN, [context, list(AXE_TAGS), list(skip)])
    return [f"axe {v['id']} ({v['impact']}: {v['help']}) at {n['target']}: {n['html'][:160]}"
            for v in found for n in v["nodes"]]
