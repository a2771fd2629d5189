"""Before issue: drafting a directive type by a known issuer and unit, revising a draft, and
appraisal that passes or returns with comments."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.actors import Secrecy
from domain.directives.errors import DirectiveNotDraft, NotADirectiveType, ReturnNeedsComments
from domain.directives.model import Directive, DirectiveStatus
from domain.directives.rules import drafting
from domain.errors import InvalidValue
from domain.events import Event
from domain.reference.errors import UnknownReference
from tests.unit.directives.support import DID, appraised, drafted, issued, then
from tests.unit.reference.support import LEADER, NOW, catalogues, ctx


def draft(**values: object) -> list[Event]:
    c = catalogues()
    fields: dict[str, object] = {"document_type": "CT", "title": "Về kỷ luật", "issuer": "TU",
                                 "drafting_unit": "VP"}
    fields.update(values)
    return drafting.draft(ctx(), directive_id=DID, types=c.types, issuers=c.issuers,
                          units=c.units, **fields)  # type: ignore[arg-type]


class TestDraft:
    def test_a_draft_is_the_first_event_of_a_new_directive(self) -> None:
        """One Drafted event, version 1 of the given id, stamped by the context."""
        [event] = draft(summary="Tóm tắt", secrecy="mat")
        assert isinstance(event, Directive.Drafted)
        assert (event.originator_id, event.originator_version) == (DID, 1)
        assert (event.actor, event.timestamp) == (LEADER, NOW)
        assert (event.document_type, event.summary, event.secrecy) == ("CT", "Tóm tắt",
                                                                       Secrecy.MAT)

    def test_the_title_is_stored_composed(self) -> None:
        """Vietnamese typed with combining marks is stored NFC."""
        [event] = draft(title="Ve\u0302\u0300 ky\u0309 lua\u0323\u0302t")
        assert isinstance(event, Directive.Drafted)
        assert event.title == "Về kỷ luật"

    def test_a_title_is_required_and_bounded(self) -> None:
        """Empty or longer than 1000 characters is refused on ``title``."""
        for bad in ("  ", "x" * 1001):
            with pytest.raises(InvalidValue) as err:
                draft(title=bad)
            assert err.value.details == {"field": "title"}

    def test_only_directive_types_are_drafted(self) -> None:
        """A công văn is registered as an outgoing document instead."""
        with pytest.raises(NotADirectiveType, match="outgoing document"):
            draft(document_type="CV")

    @pytest.mark.parametrize(("field", "value"), [
        ("document_type", "ZZ"), ("issuer", "XX"), ("drafting_unit", "NOPE"),
        ("drafting_unit", "CU"),  # an inactive unit
    ])
    def test_unknown_references_are_refused(self, field: str, value: str) -> None:
        with pytest.raises(UnknownReference):
            draft(**{field: value})

    def test_the_type_is_checked_before_the_issuer(self) -> None:
        """A non-directive type with an unknown issuer: the type is what is reported."""
        with pytest.raises(NotADirectiveType):
            draft(document_type="CV", issuer="XX")


class TestRevise:
    def test_a_returned_draft_is_a_draft_again(self) -> None:
        """Revising a returned draft changes what is given and keeps the rest."""
        d = drafted()
        d = then(d, drafting.appraise(ctx(), d, passed=False, comments="Bổ sung"))
        [event] = drafting.revise(ctx(), d, title="Về kỷ luật, kỷ cương")
        assert isinstance(event, Directive.Revised)
        assert (event.title, event.summary, event.secrecy) == ("Về kỷ luật, kỷ cương",
                                                               d.summary, d.secrecy)
        assert then(d, [event]).status is DirectiveStatus.DRAFT

    def test_secrecy_may_be_raised_in_a_revision(self) -> None:
        [event] = drafting.revise(ctx(), drafted(), secrecy=Secrecy.TOI_MAT)
        assert isinstance(event, Directive.Revised)
        assert event.secrecy is Secrecy.TOI_MAT

    @pytest.mark.parametrize("state", [appraised, issued])
    def test_only_a_draft_is_revised(self, state: Callable[[], Directive]) -> None:
        """An appraised or issued directive is not revised."""
        d = state()
        with pytest.raises(DirectiveNotDraft) as err:
            drafting.revise(ctx(), d, title="Khác")
        assert err.value.details == {"state": d.status.value}


class TestAppraise:
    def test_a_passed_appraisal(self) -> None:
        [event] = drafting.appraise(ctx(), drafted(), passed=True)
        assert isinstance(event, Directive.Appraised)
        assert (event.passed, event.comments, event.originator_version) == (True, None, 2)

    def test_a_return_keeps_the_comments(self) -> None:
        [event] = drafting.appraise(ctx(), drafted(), passed=False, comments=" Bổ sung ")
        assert isinstance(event, Directive.Appraised)
        assert event.comments == "Bổ sung"

    @pytest.mark.parametrize("comments", [None, "", "   "])
    def test_a_return_needs_comments(self, comments: str | None) -> None:
        with pytest.raises(ReturnNeedsComments) as err:
            drafting.appraise(ctx(), drafted(), passed=False, comments=comments)
        assert err.value.details == {"field": "comments"}

    def test_a_returned_draft_is_revised_before_it_is_appraised_again(self) -> None:
        """Only a draft (not a returned one) is appraised."""
        d = drafted()
        d = then(d, drafting.appraise(ctx(), d, passed=False, comments="Sửa"))
        with pytest.raises(DirectiveNotDraft):
            drafting.appraise(ctx(), d, passed=True)

    def test_an_appraised_draft_is_not_appraised_again(self) -> None:
        with pytest.raises(DirectiveNotDraft):
            drafting.appraise(ctx(), appraised(), passed=True)
