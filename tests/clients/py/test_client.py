"""Meilisearch's official Python client (PyPI `meilisearch`), unmodified, against
`vnsearch serve` on the seeds: searches with and without accents, `_formatted`, filters,
errors, and a document addition followed through its task.

VNSEARCH_BIN: the binary (default: target/debug/vnsearch, built by `cargo test`).
Run: python -m unittest -v test_client.py
"""

import os
import re
import shutil
import subprocess
import tempfile
import threading
import unittest

import meilisearch
from meilisearch.errors import MeilisearchApiError

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN = os.environ.get("VNSEARCH_BIN", os.path.join(ROOT, "target", "debug", "vnsearch"))
KEY = "py-client-test-key"


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="vnsearch-py-")
        shutil.copytree(os.path.join(ROOT, "seeds"), os.path.join(cls.work, "seeds"))
        # The default ./index of `work` (only the default location is built from ./seeds).
        env = {k: v for k, v in os.environ.items() if k != "VNSEARCH_INDEX"}
        cls.server = subprocess.Popen(
            [BIN, "serve", "--addr", "127.0.0.1:0", "--api-key", KEY],
            cwd=cls.work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        found = threading.Event()
        cls.host = None

        def read():
            for line in cls.server.stderr:
                match = re.match(r"listening on (http://\S+)", line)
                if match and not found.is_set():
                    cls.host = match.group(1)
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(120):
            cls.server.kill()
            raise RuntimeError("vnsearch serve did not start")
        cls.client = meilisearch.Client(cls.host, KEY)
        cls.index = cls.client.index("articles")

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(30)
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_health_and_index(self):
        self.assertEqual(self.client.health(), {"status": "available"})
        self.assertEqual(self.client.get_index("articles").primary_key, "id")
        self.assertGreaterEqual(self.index.get_stats().number_of_documents, 83)

    def test_search_without_accents_reads_formatted(self):
        result = self.index.search("sang tao", {
            "attributesToHighlight": ["title", "text"],
            "attributesToCrop": ["text"],
            "cropLength": 10,
            "limit": 3,
        })
        self.assertEqual(len(result["hits"]), 3)
        self.assertGreater(result["estimatedTotalHits"], 10)
        for hit in result["hits"]:
            formatted = hit["_formatted"]["text"]
            self.assertIn("<em>sáng</em> <em>tạo</em>", formatted)
            self.assertLessEqual(len(formatted.split()), 12)

    def test_search_with_accents_matches_only_those_accents(self):
        result = self.index.search("Lào", {"attributesToHighlight": ["text"], "limit": 20})
        self.assertGreater(len(result["hits"]), 0)
        for hit in result["hits"]:
            marked = re.findall(r"<em>(.*?)</em>", hit["_formatted"]["text"])
            self.assertTrue(marked)
            self.assertTrue(all(m.lower() == "lào" for m in marked), marked)

    def test_filter_sort_and_paging(self):
        result = self.index.search("hop tac", {
            "filter": ["date >= \"2022-07-01\"", "date <= \"2022-12-31\""],
            "sort": ["date:desc"],
            "hitsPerPage": 5,
            "page": 1,
        })
        self.assertEqual(result["page"], 1)
        self.assertTrue(all("2022-07-01" <= h["date"] <= "2022-12-31" for h in result["hits"]))

    def test_unsupported_parameters_raise_api_errors(self):
        with self.assertRaises(MeilisearchApiError) as raised:
            self.index.search("hop tac", {"filter": "date >= 2024-01-01 OR source = x"})
        self.assertEqual(raised.exception.code, "invalid_search_filter")

    def test_documents_through_a_task(self):
        info = self.index.add_documents([{
            "id": "py-1",
            "title": "Lễ hội đua ghe ngo Sóc Trăng",
            "body": "Hàng chục đội ghe ngo đua tài trên sông Maspero.\n\nKhán giả đứng kín hai bờ.",
            "date": "2024-11-15",
            "source": "Thử nghiệm Python",
        }])
        task = self.client.wait_for_task(info.task_uid, timeout_in_ms=60_000, interval_in_ms=50)
        self.assertEqual(task.status, "succeeded", task)
        found = self.index.search("dua ghe ngo", {"attributesToHighlight": ["title"]})
        self.assertEqual(found["hits"][0]["article_id"], "py-1")
        self.assertEqual(found["hits"][0]["_formatted"]["title"], "Lễ hội <em>đua</em> <em>ghe</em> <em>ngo</em> Sóc Trăng")


if __name__ == "__main__":
    unittest.main()
