// Serving an attached file over HTTP: strong validators, single byte ranges
// (what browsers' PDF viewers ask for), and headers that keep a file a
// curator uploaded from running as one of our pages.
#ifndef BRIDGES_SEARCHD_FILE_RESPONSE_H_
#define BRIDGES_SEARCHD_FILE_RESPONSE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace bridges::searchd {

// An inclusive byte range within a file.
struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t length() const { return last - first + 1; }
};

enum class RangeRequest {
  kWhole,          // no Range, one we do not serve as ranges (several ranges, other units), or malformed: send it all
  kPartial,        // *range is the part to send (206)
  kUnsatisfiable,  // it starts past the end (416)
};

// Reads a Range header value ("bytes=0-1023", "bytes=500-", "bytes=-500")
// against a file of `size` bytes. A header with several ranges is answered
// whole, which RFC 9110 allows and every client handles.
RangeRequest ParseRange(std::string_view header, uint64_t size, ByteRange* range);

struct FileToSend {
  std::string path;        // on disk
  std::string media_type;  // as sniffed at indexing ("application/pdf")
  std::string name;        // offered to the user's browser (Content-Disposition)
  std::string etag;        // quoted, strong: the content's SHA-256
};

// Value of Content-Disposition for `name`: an ASCII fallback and the exact
// UTF-8 name (RFC 6266), inline for what browsers show (PDF, HTML, text),
// attachment for the rest.
std::string ContentDisposition(const std::string& name, const std::string& media_type);

// Sends the file, honouring If-None-Match/If-Modified-Since (304), Range and
// If-Range (206, 416), HEAD (headers only). Streams from disk in chunks.
// Returns the body bytes sent; a file that cannot be opened is a 404 JSON
// error.
size_t SendFile(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                const FileToSend& file);

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_FILE_RESPONSE_H_
