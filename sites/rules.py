"""Turn a rule set's rows into the plain description ``sites.scoring`` computes with.

Expects a rule set fetched by ``sites.selectors.rule_sets()`` (everything prefetched), so that
building a description runs no query.
"""

from sites import scoring
from sites.models import RuleSet


def describe(rule_set: RuleSet) -> scoring.RuleSetRule:
    return scoring.RuleSetRule(
        code=rule_set.code,
        criteria=tuple(
            scoring.CriterionRule(code=item.code, aspect=item.aspect.number, denominator=item.denominator)
            for item in rule_set.criteria.all()
        ),
        bands=tuple(scoring.Band(min_percent=band.min_percent, score=band.score) for band in rule_set.bands.all()),
        thresholds=tuple(
            scoring.Threshold(level=item.level, min_total=item.min_total) for item in rule_set.thresholds.all()
        ),
        percent_places=rule_set.percent_places,
    )


def consideration_classes(rule_set: RuleSet) -> tuple[scoring.ConsiderationClass, ...]:
    return tuple(
        scoring.ConsiderationClass(label=item.level, min_total=item.min_total)
        for item in rule_set.consideration_classes.all()
    )


def handling_table(rule_set: RuleSet) -> dict:
    return {(item.level, item.legality): item for item in rule_set.handling_patterns.all()}
