// Normalisation and folding: the marks users leave out are folded, the ones
// that make another letter are kept.
#include <gtest/gtest.h>

#include "core/unicode.h"

namespace bridges {
namespace {

TEST(FoldDiacritics, FoldsLatinDiacriticsAndGreekTonos) {
  const std::pair<const char*, const char*> cases[] = {
      {"wrocław", "wroclaw"}, {"besançon", "besancon"}, {"hämeenlinna", "hameenlinna"},
      {"reykjavík", "reykjavik"}, {"logroño", "logrono"}, {"trenčín", "trencin"},
      {"ισότητα", "ισοτητα"}, {"συμβουλίου", "συμβουλιου"}, {"straße", "strasse"}, {"økonomi", "okonomi"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(FoldDiacritics(in), out) << in;
}

TEST(FoldDiacritics, KeepsMarksThatMakeAnotherLetter) {
  // Cyrillic й and ї, Japanese dakuten and handakuten.
  for (const char* word : {"мій", "україна", "їжа", "ёлка", "が", "ぱ", "ガイド"}) EXPECT_EQ(FoldDiacritics(word), word);
}

TEST(NormalizeWord, AppliesNfkcAndCaseFolding) {
  EXPECT_EQ(NormalizeWord("WROCŁAW"), "wrocław");
  EXPECT_EQ(NormalizeWord("ﬁnland"), "finland");
  EXPECT_EQ(NormalizeWord("ＡＢＣ"), "abc");
  EXPECT_EQ(NormalizeWord("ΣΥΜΒΟΎΛΙΟ"), "συμβούλιο");
  // Decomposed input (e + combining acute) becomes the composed form.
  EXPECT_EQ(NormalizeWord("e\xCC\x81"), "é");
}

TEST(Tokenize, SplitsElisionsAndMarksHyphensAndCjkRuns) {
  std::vector<Token> tokens;
  Tokenize("L'Europa dell'Europa d'accord anti-rumours 浜松市の多様性", &tokens);
  std::vector<std::string> texts;
  for (const Token& t : tokens) texts.push_back(t.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"L", "Europa", "dell", "Europa", "d", "accord", "anti", "rumours",
                                             "浜松市の多様性"}));
  EXPECT_TRUE(tokens[6].hyphen_next);
  EXPECT_FALSE(tokens[7].hyphen_next);
  EXPECT_TRUE(tokens[8].cjk);
  EXPECT_EQ(tokens[1].offset, 2u);
}

TEST(IsValidUtf8, FindsTheFirstBadByte) {
  size_t at = 0;
  EXPECT_TRUE(IsValidUtf8("Wrocław ισότητα 多様性"));
  EXPECT_FALSE(IsValidUtf8("ok\xC3\x28", &at));
  EXPECT_EQ(at, 2u);
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80", &at)) << "surrogates are not UTF-8";
}

}  // namespace
}  // namespace bridges
