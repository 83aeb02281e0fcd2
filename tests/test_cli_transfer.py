"""`workbench pretrain`, `train --init-from` and `train --embeddings` as a user runs them: the command line's
own entry point (in this process, see tests.helpers.cli), real files, real training."""

import json

from tests.helpers import cli, labelled_rows, write_csv

TINY = ("--epochs", "2", "--batch-size", "8", "--embedding-dim", "8", "--hidden-units", "8")


def refused(out, message):
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert out.stderr.startswith("error: ") and out.stderr.count("\n") == 1 and message in out.stderr, out.stderr


def test_pretrain_a_text_file_export_its_vectors_and_start_classifiers_from_both(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("".join(f"{text}\n" for text, _ in labelled_rows(80)), encoding="utf-8")
    out = cli("pretrain", notes, "--model", "cnn", "--kernel-sizes", "2,3", *TINY, "--json", tmp_path / "p.json",
              "--export-vectors", tmp_path / "p.vec")
    assert out.returncode == 0, out.stderr
    assert [line.split()[1] for line in out.stdout.splitlines() if line.startswith("epoch ")] == ["1/2", "2/2"]
    result = json.loads((tmp_path / "p.json").read_text())
    assert result["status"] == "completed" and result["objective"] == "masked_token" and result["kind"] == "pretrain"
    assert len(result["history"]) == 2 and all("loss" in h for h in result["history"])
    assert result["vectors"]["dimension"] == 8 and result["data"]["delimiter"] == "none"
    pretrained = result["run_id"]
    shown = json.loads(cli("runs", "show", pretrained).stdout)
    assert shown["kind"] == "pretrain" and len(shown["history"]) == 2

    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    out = cli("train", data, "--init-from", pretrained, "--freeze-epochs", "1", "--json", tmp_path / "t.json")
    assert out.returncode == 0, out.stderr
    assert f"note: Learning rate 0.001: Run {pretrained}'s own learning rate (0.001): the output layer is new" \
        in out.stdout  # the parent's settings, and the learning rate advised for a new output layer
    assert "Epoch 1: the embedding and encoder stay frozen" in out.stdout
    child = json.loads((tmp_path / "t.json").read_text())
    assert child["config"]["model"] == "cnn" and child["config"]["init_from"] == pretrained
    assert child["init_from"]["layers"] == ["embedding", "conv_1", "conv_2"]
    assert json.loads(cli("runs", "show", child["run_id"]).stdout)["parent"] == pretrained
    listed = cli("runs", "list").stdout.splitlines()  # newest first
    assert listed[0].endswith(f" · from run {pretrained}") and listed[1].endswith(" · pretraining")
    refused(cli("train", data, "--init-from", pretrained, "--tokenizer", "char"),
            "was trained with tokenizer 'word' (this run: 'char')")
    chinese = write_csv(tmp_path / "zh.csv", [(f"这家餐厅的菜很好吃，第{i}次来", "好") if i % 2
                                              else (f"房间太小了，很吵，第{i}次", "差") for i in range(40)])
    refused(cli("train", chinese, "--init-from", pretrained), "trained on English text but this data is Chinese")
    assert (tmp_path / "p.vec").read_text(encoding="utf-8").startswith(f"{result['vectors']['count']} 8\n")


def test_train_from_word_vectors_reports_their_coverage(tmp_path):
    words = "the soup was wonderful parcel arrived early and intact never cold bland".split()
    vectors = tmp_path / "words.vec"  # no header line; 6 dimensions, one damaged line
    vectors.write_text("".join(f"{w} {' '.join(str((i + j) % 5 / 5) for j in range(6))}\n"
                               for i, w in enumerate(words)) + "damaged 1 2\n", encoding="utf-8")
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    out = cli("train", data, "--embeddings", vectors, "--freeze-embeddings", "--epochs", "1",
              "--json", tmp_path / "e.json")
    assert out.returncode == 0, out.stderr
    result = json.loads((tmp_path / "e.json").read_text())
    embeddings = result["embeddings"]
    assert result["config"]["embedding_dim"] == 6 and embeddings["dimension"] == 6  # the size came from the file
    assert embeddings["found"] == len(words) and embeddings["skipped_lines"] == 1 and embeddings["frozen"]
    assert 0 < embeddings["coverage"] < 1 and f"note: Word vectors: {embeddings['coverage']:.1%}" in out.stdout


def test_bad_starts_exit_2_with_one_line(tmp_path):
    from workbench.core.config import ExperimentConfig
    from workbench.core.store import RunStore

    data = write_csv(tmp_path / "d.csv", labelled_rows(40))
    refused(cli("train", data, "--init-from", "999"), "No run with id 999 to start from")
    assert cli("train", data, "--model", "lookup", "--json", tmp_path / "l.json").returncode == 0
    lookup = json.loads((tmp_path / "l.json").read_text())["run_id"]
    refused(cli("train", data, "--init-from", lookup), f"Run {lookup} is the lookup-table baseline")
    with RunStore() as store:
        failed = store.create_run(ExperimentConfig().to_json(), {})
        store.finish_run(failed, "failed", None, message="out of memory")
    refused(cli("train", data, "--init-from", failed), f"Run {failed} failed, so it has no model to start from")

    garbage = tmp_path / "g.vec"
    garbage.write_text("these are\nnot vectors at all\n", encoding="utf-8")
    refused(cli("train", data, "--embeddings", garbage), "No usable vector in g.vec: all 2 lines were skipped")
    four = tmp_path / "four.vec"
    four.write_text("1 4\nsoup 1 2 3 4\n", encoding="utf-8")
    refused(cli("train", data, "--embeddings", four, "--embedding-dim", "8"),
            "four.vec holds 4-dimensional vectors but the embedding size is 8")
    refused(cli("train", data, "--embeddings", tmp_path / "missing.vec"), "No file at")
    refused(cli("pretrain", data, "--model", "mlp"), "The mlp model has no embedding and encoder to pretrain")
