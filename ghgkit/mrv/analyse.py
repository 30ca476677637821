"""One call from files to the whole story: series, consistency, target, projects."""

from __future__ import annotations

from ghgkit.errors import InputError


def analyse(paths=(), config=None, base_year=None, basis=None, gwp=None, edition=None, factor_files=(),
            projects=(), target=None, placements=None,
            uncertainty=None, draws=10_000, seed=0):
    """Build a :class:`~ghgkit.mrv.trend.Trend` with its target progress and project attribution.

    Parameters
    ----------
    paths : iterable of path
        Inventory files or folders (one inventory per year); added to the config's.
    config : TrendConfig, optional
        From :func:`ghgkit.mrv.config.read_config`; the other arguments win over it.
    target : Target, optional
    projects : iterable of path
        Project files or folders; added to the config's.
    uncertainty : {"approach1", "montecarlo"}, optional
        Fill ``Trend.uncertainty`` (:func:`ghgkit.mrv.uncertainty.trend_uncertainty`) with
        *draws* and *seed* for the Monte Carlo.
    """
    from ghgkit.mrv.attribution import attribute_projects
    from ghgkit.mrv.targets import progress
    from ghgkit.mrv.trend import _norm, build_trend, load_inventories

    cfg = config
    paths = list(paths) or (cfg.inventories if cfg else [])
    if not paths:
        raise InputError("no inventories given", hint="give the yearly files or their folder, or --config with "
                                                      "inventories = [...]")
    invs = load_inventories(paths, gwp=gwp or (cfg.gwp if cfg else None),
                            edition=edition or (cfg.edition if cfg else None),
                            factor_files=list(factor_files) + (cfg.factors if cfg else []))
    if cfg and cfg.city_check and _norm(cfg.city_check) != _norm(invs[0].settings.city):
        raise InputError(f"the inventories are of {invs[0].settings.city}, but the trend file is for "
                         f"{cfg.city_check}", location=cfg.file, hint="check inventories and city_check")
    trend = build_trend(invs, base_year=base_year if base_year is not None else (cfg.base_year if cfg else None),
                        basis=basis or (cfg.basis if cfg else "basic"))
    if uncertainty:
        trend.add_uncertainty(uncertainty, draws=draws, seed=seed)
    target = target or (cfg.target if cfg else None)
    if target is not None:
        trend.target = progress(trend, target)
    proj = list(projects) + (cfg.projects if cfg else [])
    if proj:
        pl = dict(cfg.placements) if cfg else {}
        pl.update(placements or {})
        trend.attribution = attribute_projects(trend, proj, pl, trend.target)
    return trend
