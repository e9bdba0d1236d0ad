// DOCX and ODT: the zip container through ZipReader (with its bomb limits),
// the XML streamed through libxml2's SAX parser. Headings and paragraphs are
// kept; footnotes, comments, deleted text and generated indexes are not.
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/files/extractors.h"
#include "core/files/xml_stream.h"
#include "core/files/zip_reader.h"

namespace bridges::files {

namespace {

constexpr std::string_view kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kOdfText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr std::string_view kOdfOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr size_t kMaxSmallEntry = 8u << 20;  // styles and metadata

// Outline levels 0-8 are headings; 9 is body text.
bool IsOutlineLevel(std::string_view level) { return level.size() == 1 && level[0] >= '0' && level[0] <= '8'; }

Status Stream(ZipReader& zip, const std::string& entry, XmlHandler* handler) {
  XmlStream xml(XmlStream::Syntax::kXml, handler, entry);
  Status s = zip.Read(entry, [&](std::string_view chunk) { xml.Feed(chunk); });
  if (!s.ok()) return s;
  return xml.Finish();
}

// Collects the text of a few elements by local name (metadata parts).
class FieldCollector : public XmlHandler {
 public:
  explicit FieldCollector(std::set<std::string_view> wanted) : wanted_(std::move(wanted)) {}
  void Start(std::string_view name, std::string_view, const XmlAttributes&) override {
    current_ = wanted_.count(name) ? std::string(name) : "";
  }
  void End(std::string_view, std::string_view) override { current_.clear(); }
  void Text(std::string_view text) override {
    if (!current_.empty() && fields_[current_].size() < 1000) fields_[current_] += text;
  }
  std::string Get(const std::string& name) const {
    auto it = fields_.find(name);
    return it == fields_.end() ? "" : CutAtWord(it->second, 300);
  }

 private:
  std::set<std::string_view> wanted_;
  std::string current_;
  std::map<std::string, std::string> fields_;
};

// Metadata parts are optional: a missing or broken one leaves hints empty.
void ReadMetadata(ZipReader& zip, const std::string& entry, bool odt, FileMetadata* meta) {
  if (!zip.Has(entry)) return;
  FieldCollector fields(
      {"title", "creator", "initial-creator", "subject", "language", "created", "modified", "creation-date", "date"});
  std::string bytes;
  if (!zip.ReadSmall(entry, kMaxSmallEntry, &bytes).ok()) return;
  XmlStream xml(XmlStream::Syntax::kXml, &fields, entry);
  xml.Feed(bytes);
  if (!xml.Finish().ok()) return;
  meta->title = fields.Get("title");
  meta->author = fields.Get(odt && !fields.Get("initial-creator").empty() ? "initial-creator" : "creator");
  meta->subject = fields.Get("subject");
  meta->lang = fields.Get("language");
  meta->created = IsoDate(fields.Get(odt ? "creation-date" : "created"));
  meta->modified = IsoDate(fields.Get(odt ? "date" : "modified"));
}

// word/styles.xml: the ids of paragraph styles that are headings. Ids are
// localised ("berschrift1"); the style names and outline levels are not.
class HeadingStyles : public XmlHandler {
 public:
  void Start(std::string_view name, std::string_view ns, const XmlAttributes& a) override {
    if (ns != kWordNs) return;
    if (name == "style") {
      id_ = std::string(a.Get("styleId"));
    } else if (name == "name" && !id_.empty()) {
      std::string n(a.Get("val"));
      for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (n.starts_with("heading") || n == "title") ids.insert(id_);
    } else if (name == "outlineLvl" && !id_.empty() && IsOutlineLevel(a.Get("val"))) {
      ids.insert(id_);
    }
  }
  void End(std::string_view name, std::string_view ns) override {
    if (ns == kWordNs && name == "style") id_.clear();
  }
  void Text(std::string_view) override {}
  std::set<std::string> ids;

 private:
  std::string id_;
};

class DocxBody : public XmlHandler {
 public:
  DocxBody(const std::set<std::string>& heading_styles, BlockBuilder* blocks)
      : heading_styles_(heading_styles), blocks_(blocks) {}
  void Start(std::string_view name, std::string_view ns, const XmlAttributes& a) override {
    if (ns != kWordNs) return;
    if (name == "p") {
      if (depth_++ > 0) blocks_->Flush(heading_);  // a text box inside a paragraph
      heading_ = false;
    } else if (name == "pStyle") {
      heading_ = heading_ || heading_styles_.count(std::string(a.Get("val")));
    } else if (name == "outlineLvl") {
      heading_ = heading_ || IsOutlineLevel(a.Get("val"));
    } else if (name == "t") {
      in_text_ = true;
    } else if (name == "tab" || name == "br" || name == "cr") {
      blocks_->Append(" ");
    }
  }
  void End(std::string_view name, std::string_view ns) override {
    if (ns != kWordNs) return;
    if (name == "t") in_text_ = false;
    if (name == "p" && depth_ > 0) {
      --depth_;
      blocks_->Flush(heading_);
      heading_ = false;
    }
  }
  void Text(std::string_view text) override {
    if (in_text_) blocks_->Append(text);
  }

 private:
  const std::set<std::string>& heading_styles_;
  BlockBuilder* blocks_;
  int depth_ = 0;
  bool heading_ = false;
  bool in_text_ = false;
};

class OdtBody : public XmlHandler {
 public:
  explicit OdtBody(BlockBuilder* blocks) : blocks_(blocks) {}
  void Start(std::string_view name, std::string_view ns, const XmlAttributes&) override {
    if (skip_ > 0 || IsSkipped(name, ns)) {
      ++skip_;
      return;
    }
    if (ns == kOdfOffice && name == "body") in_body_ = true;
    if (ns != kOdfText || !in_body_) return;
    if (name == "p" || name == "h") {
      if (!stack_.empty()) blocks_->Flush(stack_.back());  // a frame inside a paragraph
      stack_.push_back(name == "h");
    } else if (name == "s" || name == "tab" || name == "line-break") {
      blocks_->Append(" ");
    }
  }
  void End(std::string_view name, std::string_view ns) override {
    if (skip_ > 0) {
      --skip_;
      return;
    }
    if (ns == kOdfText && (name == "p" || name == "h") && !stack_.empty()) {
      blocks_->Flush(stack_.back());
      stack_.pop_back();
    }
  }
  void Text(std::string_view text) override {
    if (skip_ == 0 && !stack_.empty()) blocks_->Append(text);
  }

 private:
  static bool IsSkipped(std::string_view name, std::string_view ns) {
    if (ns == kOdfOffice) return name == "annotation";
    return ns == kOdfText && (name == "note" || name == "tracked-changes" || name == "table-of-content" ||
                              name == "alphabetical-index" || name == "bibliography");
  }
  BlockBuilder* blocks_;
  std::vector<bool> stack_;  // open paragraphs: heading or not
  int skip_ = 0;
  bool in_body_ = false;
};

}  // namespace

Status ExtractDocx(ZipReader& zip, FileMetadata* meta, const BlockSink& sink) {
  ReadMetadata(zip, "docProps/core.xml", false, meta);
  HeadingStyles styles;
  std::string bytes;
  if (zip.Has("word/styles.xml") && zip.ReadSmall("word/styles.xml", kMaxSmallEntry, &bytes).ok()) {
    XmlStream xml(XmlStream::Syntax::kXml, &styles, "word/styles.xml");
    xml.Feed(bytes);
    xml.Finish();  // a broken style sheet only costs the headings
  }
  BlockBuilder blocks(sink);
  DocxBody body(styles.ids, &blocks);
  Status s = Stream(zip, "word/document.xml", &body);
  meta->first_heading = blocks.first_heading();
  return s;
}

Status ExtractOdt(ZipReader& zip, FileMetadata* meta, const BlockSink& sink) {
  ReadMetadata(zip, "meta.xml", true, meta);
  if (!zip.Has("content.xml")) return Status::Invalid("corrupt document: no content.xml in the OpenDocument file");
  BlockBuilder blocks(sink);
  OdtBody body(&blocks);
  Status s = Stream(zip, "content.xml", &body);
  meta->first_heading = blocks.first_heading();
  return s;
}

}  // namespace bridges::files
