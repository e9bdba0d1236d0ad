// HTML and XHTML through libxml2's HTML parser, streamed: text and headings
// are kept; scripts, styles, navigation and embedded drawings are dropped.
#include <cctype>
#include <fstream>
#include <set>

#include "core/files/extractors.h"
#include "core/files/xml_stream.h"
#include "core/unicode.h"

namespace bridges::files {

namespace {

const std::set<std::string_view> kDropped = {"script", "style",  "nav",    "noscript", "template", "svg",
                                             "math",   "iframe", "object", "select",   "button",   "canvas"};
const std::set<std::string_view> kBlocks = {
    "p",       "div",     "li",   "dt",    "dd",     "td",     "th",       "tr",         "blockquote", "pre",
    "section", "article", "main", "aside", "header", "footer", "figure",   "figcaption", "caption",    "address",
    "table",   "ul",      "ol",   "dl",    "hr",     "form",   "fieldset", "legend",     "body"};

bool IsHeading(std::string_view name) { return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'; }

class HtmlBody : public XmlHandler {
 public:
  HtmlBody(BlockBuilder* blocks, FileMetadata* meta) : blocks_(blocks), meta_(meta) {}

  void Start(std::string_view name, std::string_view, const XmlAttributes& a) override {
    if (skip_ > 0 || kDropped.count(name) || a.Get("role") == "navigation") {
      ++skip_;
      return;
    }
    if (name == "html") meta_->lang = std::string(a.Get("lang"));
    if (name == "head") in_head_ = true;
    if (name == "title") in_title_ = true;
    if (name == "meta") Meta(a.Get("name"), a.Get("content"));
    if (name == "br") blocks_->Append(" ");
    if (IsHeading(name) || kBlocks.count(name)) blocks_->Flush(heading_ > 0);
    if (IsHeading(name)) ++heading_;
  }

  void End(std::string_view name, std::string_view) override {
    if (skip_ > 0) {
      --skip_;
      return;
    }
    if (name == "head") in_head_ = false;
    if (name == "title") in_title_ = false;
    if (IsHeading(name) || kBlocks.count(name)) blocks_->Flush(heading_ > 0);
    if (IsHeading(name) && heading_ > 0) --heading_;
  }

  void Text(std::string_view text) override {
    if (skip_ > 0) return;
    if (in_title_ && meta_->title.size() < 1000)
      meta_->title += text;
    else if (!in_head_)
      blocks_->Append(text);
  }

 private:
  void Meta(std::string_view name, std::string_view content) {
    std::string n(name);
    for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (n == "author" || n == "dc.creator" || n == "dcterms.creator") meta_->author = CutAtWord(content, 300);
    if (n == "description" || n == "dc.description") meta_->subject = CutAtWord(content, 300);
    if (n == "dcterms.created" || n == "dc.date" || n == "date") meta_->created = IsoDate(content);
    if (n == "dcterms.modified") meta_->modified = IsoDate(content);
  }

  BlockBuilder* blocks_;
  FileMetadata* meta_;
  int skip_ = 0;
  int heading_ = 0;
  bool in_head_ = false;
  bool in_title_ = false;
};

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Pages that name no encoding are read as UTF-8 when their start is valid
// UTF-8, as browsers do today; libxml2 alone would assume Latin-1.
bool ReadAsUtf8(std::string_view head) {
  std::string lower(head);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("charset") != std::string::npos) return false;
  size_t declaration = lower.find("encoding=");
  if (declaration != std::string::npos && declaration < lower.find("?>"))
    return lower.compare(declaration + 10, 5, "utf-8") == 0;
  size_t bad = 0;
  return IsValidUtf8(head, &bad) || head.size() - bad < 4;
}

}  // namespace

Status ExtractHtml(const std::string& path, FileMetadata* meta, const BlockSink& sink) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read file");
  std::string buffer(64 * 1024, '\0');
  in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  std::string_view first(buffer.data(), static_cast<size_t>(in.gcount()));
  BlockBuilder blocks(sink);
  HtmlBody body(&blocks, meta);
  XmlStream html(XmlStream::Syntax::kHtml, &body, path, ReadAsUtf8(first.substr(0, 8192)));
  html.Feed(first);
  while (in && (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0))
    html.Feed(std::string_view(buffer.data(), static_cast<size_t>(in.gcount())));
  Status s = html.Finish();
  blocks.Flush();
  meta->title = CollapseSpaces(meta->title);
  meta->first_heading = blocks.first_heading();
  return s;
}

}  // namespace bridges::files
