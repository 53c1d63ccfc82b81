"""The public pages: home, the directory, a counselor's profile, and the explanations."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from counsel_dir.accounts.auth import public
from counsel_dir.credentials.kinds import Tier
from counsel_dir.credentials.services import issuer_registry
from counsel_dir.directory.services import get_listed_by_slug
from counsel_dir.pagination import page_number_from_request
from counsel_dir.search.forms import SearchForm
from counsel_dir.search.services import PageOutOfRange, search

bp = Blueprint("directory", __name__)


@bp.route("/")
@public
def home():
    return render_template("directory/home.html", tiers=list(Tier))


@bp.route("/counselors/")
@public
def listing():
    form = SearchForm(request.args)
    form.validate()
    params = form.to_params(page_number_from_request(), current_app.config["SEARCH_PAGE_SIZE"])
    try:
        results = search(params)
    except PageOutOfRange:
        abort(404)
    return render_template("directory/listing.html", form=form, results=results)


@bp.route("/counselors/<slug>")
@public
def profile(slug: str):
    counselor = get_listed_by_slug(slug)
    if counselor is None:
        abort(404)
    return render_template(
        "directory/profile.html", counselor=counselor, registry=issuer_registry()
    )


@bp.route("/tiers")
@public
def about_tiers():
    return render_template("directory/tiers.html", registry=issuer_registry())


@bp.route("/check-a-certificate")
@public
def check_yourself():
    return render_template("directory/check.html", registry=issuer_registry())
