// Plain text and Markdown (UTF-8), read in chunks: blank lines end
// paragraphs; Markdown's "# Heading" and underlined headings are headings.
#include <fstream>

#include "core/files/extractors.h"
#include "core/unicode.h"

namespace bridges::files {

namespace {

bool IsRule(std::string_view line, char c) {
  size_t n = 0;
  for (char x : line) {
    if (x == c)
      ++n;
    else if (x != ' ')
      return false;
  }
  return n >= 2;
}

class TextLines {
 public:
  explicit TextLines(BlockBuilder* blocks) : blocks_(blocks) {}

  Status Line(std::string_view line) {
    ++number_;
    if (number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t bad = 0;
    if (!IsValidUtf8(line, &bad)) return Invalid();
    size_t hashes = line.find_first_not_of('#');
    if (hashes >= 1 && hashes <= 6 && hashes < line.size() && line[hashes] == ' ') {
      blocks_->Flush();
      std::string_view text = line.substr(hashes + 1);
      while (!text.empty() && (text.back() == '#' || text.back() == ' ')) text.remove_suffix(1);
      blocks_->Append(text);
      blocks_->Flush(true);
      lines_ = 0;
    } else if (lines_ == 1 && (IsRule(line, '=') || IsRule(line, '-'))) {
      blocks_->Flush(true);  // the line above was underlined: a heading
      lines_ = 0;
    } else if (line.find_first_not_of(" \t") == std::string_view::npos) {
      blocks_->Flush();
      lines_ = 0;
    } else {
      blocks_->Append(line);
      blocks_->Append("\n");
      ++lines_;
    }
    return Status::Ok();
  }

  // A piece of a line too long to hold: it can only be running text.
  Status Part(std::string_view part) {
    size_t bad = 0;
    if (!IsValidUtf8(part, &bad)) return Invalid();
    blocks_->Append(part);
    lines_ = 2;
    return Status::Ok();
  }

 private:
  Status Invalid() const {
    return Status::Invalid("not valid UTF-8 text (line " + std::to_string(number_ + 1) + "); save it as UTF-8");
  }
  BlockBuilder* blocks_;
  size_t number_ = 0;
  int lines_ = 0;  // lines in the current paragraph
};

// Where a chunk of UTF-8 may be cut without splitting a character.
size_t SafeCut(std::string_view s) {
  size_t cut = s.size();
  while (cut > 0 && cut + 4 > s.size() && (static_cast<unsigned char>(s[cut - 1]) & 0xC0) == 0x80) --cut;
  if (cut > 0 && static_cast<unsigned char>(s[cut - 1]) >= 0xC0) --cut;
  return cut;
}

}  // namespace

Status ExtractText(const std::string& path, FileMetadata* meta, const BlockSink& sink) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read file");
  BlockBuilder blocks(sink);
  TextLines lines(&blocks);
  std::string pending, buffer(64 * 1024, '\0');
  Status s = Status::Ok();
  while (s.ok() && (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0)) {
    pending.append(buffer.data(), static_cast<size_t>(in.gcount()));
    size_t at = 0, nl;
    while (s.ok() && (nl = pending.find('\n', at)) != std::string::npos) {
      s = lines.Line(std::string_view(pending).substr(at, nl - at));
      at = nl + 1;
    }
    pending.erase(0, at);
    if (s.ok() && pending.size() > BlockBuilder::kMaxBlockBytes) {
      size_t cut = SafeCut(pending);
      s = lines.Part(std::string_view(pending).substr(0, cut));
      pending.erase(0, cut);
    }
  }
  if (s.ok() && !pending.empty()) s = lines.Line(pending);
  blocks.Flush();
  meta->first_heading = blocks.first_heading();
  return s;
}

}  // namespace bridges::files
