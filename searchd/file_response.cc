#include "searchd/file_response.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/File.h>
#include <Poco/URI.h>

#include <charconv>
#include <fstream>

#include "searchd/errors.h"

namespace bridges::searchd {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace {

bool ParseNumber(std::string_view text, uint64_t* out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Formats browsers render themselves; anything else is downloaded.
bool ShownInline(const std::string& media_type) {
  return media_type == "application/pdf" || media_type.rfind("text/", 0) == 0 ||
         media_type == "application/xhtml+xml";
}

}  // namespace

RangeRequest ParseRange(std::string_view header, uint64_t size, ByteRange* range) {
  header = Trim(header);
  if (header.rfind("bytes=", 0) != 0) return RangeRequest::kWhole;
  std::string_view spec = Trim(header.substr(6));
  if (spec.find(',') != std::string_view::npos) return RangeRequest::kWhole;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeRequest::kWhole;
  std::string_view first = Trim(spec.substr(0, dash)), last = Trim(spec.substr(dash + 1));
  uint64_t a = 0, b = 0;
  if (first.empty()) {  // the last b bytes
    if (!ParseNumber(last, &b)) return RangeRequest::kWhole;
    if (b == 0 || size == 0) return RangeRequest::kUnsatisfiable;
    *range = {b >= size ? 0 : size - b, size - 1};
    return RangeRequest::kPartial;
  }
  if (!ParseNumber(first, &a)) return RangeRequest::kWhole;
  if (last.empty()) {
    b = size == 0 ? 0 : size - 1;
  } else {
    if (!ParseNumber(last, &b) || b < a) return RangeRequest::kWhole;
    if (size > 0 && b >= size) b = size - 1;
  }
  if (a >= size) return RangeRequest::kUnsatisfiable;
  *range = {a, b};
  return RangeRequest::kPartial;
}

std::string ContentDisposition(const std::string& name, const std::string& media_type) {
  std::string ascii;
  for (unsigned char c : name) {
    if ((c & 0xC0) == 0x80) continue;  // one '_' per character, not per UTF-8 byte
    ascii += (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == ';') ? '_' : static_cast<char>(c);
  }
  std::string encoded;
  Poco::URI::encode(name, "!#$&+,/:;=?@[]'()*\"\\% ", encoded);
  return std::string(ShownInline(media_type) ? "inline" : "attachment") + "; filename=\"" + ascii +
         "\"; filename*=UTF-8''" + encoded;
}

size_t SendFile(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                const FileToSend& file) {
  std::ifstream in(file.path, std::ios::binary);
  Poco::Timestamp modified;
  uint64_t size = 0;
  try {
    Poco::File on_disk(file.path);
    modified = on_disk.getLastModified();
    size = on_disk.getSize();
  } catch (const Poco::Exception&) {
    in.close();
  }
  if (!in.is_open()) return SendError(response, {ApiError::kNotFound, "the file is not available on this server"});

  response.set("ETag", file.etag);
  response.set("Last-Modified", Poco::DateTimeFormatter::format(modified, Poco::DateTimeFormat::HTTP_FORMAT));
  if (!response.has("Cache-Control")) response.set("Cache-Control", "no-cache");
  response.set("Accept-Ranges", "bytes");
  response.set("Content-Disposition", ContentDisposition(file.name, file.media_type));
  response.set("X-Content-Type-Options", "nosniff");
  // An uploaded HTML file must not run scripts as this origin (where a
  // curator's token lives). Chromium refuses to show a PDF in a sandbox, and a
  // PDF's scripts run in the viewer, not the page, so PDFs go without.
  if (file.media_type != "application/pdf") response.set("Content-Security-Policy", "sandbox");
  if (ClientCopyIsCurrent(request, file.etag, modified)) {
    response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
    response.setContentLength(0);
    response.send();
    return 0;
  }

  ByteRange range{0, size == 0 ? 0 : size - 1};
  bool partial = false;
  // If-Range: the client's partial copy is of this content, else it gets all.
  bool range_applies = request.has("Range") && (!request.has("If-Range") || request.get("If-Range") == file.etag);
  if (range_applies) {
    switch (ParseRange(request.get("Range"), size, &range)) {
      case RangeRequest::kWhole: range = {0, size == 0 ? 0 : size - 1}; break;
      case RangeRequest::kPartial: partial = true; break;
      case RangeRequest::kUnsatisfiable:
        response.set("Content-Range", "bytes */" + std::to_string(size));
        return SendError(response, {ApiError::kRangeNotSatisfiable,
                                    "the range starts past the end of the file (" + std::to_string(size) + " bytes)"});
    }
  }
  uint64_t length = size == 0 ? 0 : range.length();
  if (partial) {
    response.setStatusAndReason(HTTPResponse::HTTP_PARTIAL_CONTENT);
    response.set("Content-Range",
                 "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" + std::to_string(size));
  } else {
    response.setStatusAndReason(HTTPResponse::HTTP_OK);
  }
  response.setContentType(file.media_type.empty() ? "application/octet-stream" : file.media_type);
  response.setContentLength64(static_cast<Poco::Int64>(length));
  std::ostream& out = response.send();
  if (request.getMethod() == HTTPRequest::HTTP_HEAD) return 0;
  in.seekg(static_cast<std::streamoff>(range.first));
  char buffer[65536];
  uint64_t left = length;
  while (left > 0 && in) {
    in.read(buffer, static_cast<std::streamsize>(std::min<uint64_t>(sizeof buffer, left)));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    out.write(buffer, got);
    if (!out) break;  // the client went away
    left -= static_cast<uint64_t>(got);
  }
  return static_cast<size_t>(length - left);
}

}  // namespace bridges::searchd
