"""A real ``Seq2SeqTrainer`` trains a tiny BART built from a config (no download) for a few
steps on CPU, then ``evaluate()`` calls ``tomtat.hf.compute_metrics``: the metrics it logs, and
the run file it saves, must be what the CLI gives for the texts the model generated. Run by
scripts/test_trainer_lighteval.sh in a venv of its own (torch, transformers); skipped
elsewhere."""

import json

from conftest import write_jsonl
from engines import heavy

heavy("torch")
heavy("transformers")

PAIRS = [
    ("Nga và Mỹ đàm phán về Ukraine tại Geneva .", "Nga và Mỹ đàm phán ở Geneva ."),
    ("Hai bên không đạt được đột phá nào trong đàm phán .", "Hai bên không đạt đột phá ."),
    ("Giá dầu thế giới tăng mạnh vì căng thẳng .", "Giá dầu tăng mạnh ."),
    ("NATO họp ở Brussels và yêu cầu Nga rút quân .", "NATO yêu cầu Nga rút quân ."),
    ("Thứ trưởng Ngoại giao hai nước gặp nhau ở Geneva .", "Thứ trưởng hai nước gặp nhau ."),
    ("Châu Âu cần hoà bình và an ninh .", "Châu Âu cần hoà bình ."),
]
METRICS = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def _tokenizer():
    import tokenizers
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit
    from tokenizers.processors import TemplateProcessing
    from transformers import PreTrainedTokenizerFast

    words = sorted({w for pair in PAIRS for text in pair for w in text.split()})
    special = ["[PAD]", "[UNK]", "[BOS]", "[EOS]"]
    vocab = {w: i for i, w in enumerate(special + words)}
    tok = tokenizers.Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = WhitespaceSplit()
    tok.post_processor = TemplateProcessing(single="$A [EOS]", special_tokens=[("[EOS]", 3)])
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]",
                                   bos_token="[BOS]", eos_token="[EOS]")


def test_seq2seq_trainer_evaluate_logs_what_the_cli_scores(tmp_path, cli):
    import torch
    from transformers import (BartConfig, BartForConditionalGeneration, DataCollatorForSeq2Seq,
                              Seq2SeqTrainer, Seq2SeqTrainingArguments)

    import tomtat.hf

    torch.manual_seed(0)
    tok = _tokenizer()
    config = BartConfig(
        vocab_size=len(tok), d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
        decoder_ffn_dim=64, max_position_embeddings=64, pad_token_id=tok.pad_token_id,
        bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
        decoder_start_token_id=tok.bos_token_id, forced_eos_token_id=tok.eos_token_id,
    )
    model = BartForConditionalGeneration(config)
    model.generation_config.max_new_tokens = 16
    model.generation_config.num_beams = 1
    rows = [
        {"input_ids": tok(src)["input_ids"], "labels": tok(ref)["input_ids"]}
        for src, ref in PAIRS
    ]
    metrics_fn = tomtat.hf.compute_metrics(tok, metrics=METRICS, profile="vi-v1",
                                           save_dir=tmp_path / "runs")
    args = Seq2SeqTrainingArguments(
        output_dir=str(tmp_path / "out"), per_device_train_batch_size=3,
        per_device_eval_batch_size=4, max_steps=40, learning_rate=3e-3,
        predict_with_generate=True, report_to=[], save_strategy="no", logging_strategy="no",
        use_cpu=True, seed=0,
    )
    trainer = Seq2SeqTrainer(
        model=model, args=args, train_dataset=rows, eval_dataset=rows,
        data_collator=DataCollatorForSeq2Seq(tok, model=model),
        compute_metrics=metrics_fn,
    )
    trainer.train()
    logged = trainer.evaluate()

    # What the model generated, and the references, as the run file kept them.
    run = json.loads((tmp_path / "runs" / "eval-0001.json").read_text(encoding="utf-8"))
    texts = [(e["texts"]["candidate"], e["texts"]["references"]) for e in run["examples"]]
    assert [r for _, r in texts] == [[tomtat.hf.decode(tok, [tok(ref)["input_ids"]])[0]] for _, ref in PAIRS]
    assert any(c for c, _ in texts), "the model generated nothing"
    pairs = write_jsonl(tmp_path / "generated.jsonl", texts, [str(i) for i in range(len(texts))])
    out = cli(["score", "--pairs", pairs, "--profile", "vi-v1", "--metrics", ",".join(METRICS),
               "--split-sentences", "--bootstrap", "0", "--format", "json",
               "--save", tmp_path / "cli.json"])
    report = json.loads(out.stdout)
    for m in METRICS:
        assert logged[f"eval_{m}"] == report["metrics"][m]["fmeasure"]["mean"], m
    # Per example too: the Trainer's run file and the CLI's compare without a single change.
    cli(["compare", tmp_path / "cli.json", tmp_path / "runs" / "eval-0001.json", "--fail-on-change",
         "--trials", "200"])
    assert metrics_fn.signature.startswith("profile:vi-v1")
