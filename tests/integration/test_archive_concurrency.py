"""Numbers stay gapless and unique per series when many clerks register at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from api.bootstrap import Office
from tests.support.archive import register_in, register_out

WORKERS = 8
EACH = 4


class TestConcurrentRegistration:
    def test_incoming_numbers_are_gapless_and_unique(self, office: Office) -> None:
        """32 incoming documents registered from 8 threads take exactly 1..32."""

        def work(worker: int) -> list[int]:
            return [register_in(office, number_symbol=f"{worker}.{i}-CV/X").number
                    for i in range(EACH)]

        with ThreadPoolExecutor(WORKERS) as pool:
            numbers = [n for batch in pool.map(work, range(WORKERS)) for n in batch]
        assert sorted(numbers) == list(range(1, WORKERS * EACH + 1))

    def test_outgoing_numbers_are_gapless_and_unique_per_series(self, office: Office) -> None:
        """Letters (CV) and reports (BC) registered at once: each series runs 1..N."""

        def work(worker: int) -> list[tuple[str, int]]:
            doc_type = "CV" if worker % 2 else "BC"
            out = []
            for _ in range(EACH):
                doc = office.archive.get_outgoing(register_out(office, document_type=doc_type))
                out.append((doc.document_type, doc.number))
            return out

        with ThreadPoolExecutor(WORKERS) as pool:
            taken = [t for batch in pool.map(work, range(WORKERS)) for t in batch]
        per_series = WORKERS // 2 * EACH
        for doc_type in ("CV", "BC"):
            numbers = sorted(n for t, n in taken if t == doc_type)
            assert numbers == list(range(1, per_series + 1))
