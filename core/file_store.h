// The bytes of attached files held by a curation store: content-addressed
// files beside the store, <store path>.files/<first 2 hex>/<sha256>
// (StoreFilesDir() in core/store.h). Each content is stored once, whichever
// documents and revisions name it; nothing is ever deleted, since every
// revision keeps naming what it had.
//
// A blob is written to a temporary file in its folder while it is hashed,
// fsynced, renamed to its hash and the folder fsynced, all before the store
// transaction that names it. A crash therefore leaves at most an
// unreferenced blob (or a temporary file), never a record naming missing
// bytes. The facts about each content (size, media type) are the store's
// `files` table (Store::AddFile).
#ifndef BRIDGES_CORE_FILE_STORE_H_
#define BRIDGES_CORE_FILE_STORE_H_

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "core/document.h"
#include "core/store.h"

namespace bridges {

// 64 lowercase hexadecimal digits: what FileRef::sha256 holds.
bool IsSha256Hex(std::string_view text);

// Where the content with this hash lives in `files_dir`.
std::string BlobPath(const std::string& files_dir, const std::string& sha256);

// A name for an uploaded file (it becomes the FileRef's path): 1-200 bytes of
// UTF-8 without '/', '\\', "..", or control characters. kInvalidArgument
// saying why otherwise.
Status CheckFileName(const std::string& name);

// An uploaded file's entry: CheckFileName(ref.path), a role of full-text,
// annex or summary, and an empty or valid language tag.
Status CheckUploadRef(const FileRef& ref);

// A content received into the blob store.
struct ReceivedFile {
  StoredFile file;     // sha256, bytes, media_type (created_at: now)
  std::string format;  // what the bytes are, for messages: "PDF document", "PNG image"
};

// Why ReceiveUpload refused a body; the Status says it in words.
enum class UploadRefusal { kNone, kTooLarge, kUnsupportedType, kFailed };

// Reads `in` to its end into the blob store, hashing as it reads and holding
// one buffer in memory. Stops reading at `max_bytes` + 1 bytes (kTooLarge);
// refuses a content that is not a type the indexer extracts, as
// files::SniffFile reads it (kUnsupportedType, naming what it is). Nothing is
// left on disk when it fails.
Status ReceiveUpload(const std::string& files_dir, std::istream& in, uint64_t max_bytes, ReceivedFile* out,
                     UploadRefusal* refusal);

// Copies the file at `path` into the blob store, whatever its type (the
// indexer reports what it cannot read). Used when seeding a store.
Status StoreFileCopy(const std::string& files_dir, const std::string& path, ReceivedFile* out);

}  // namespace bridges

#endif  // BRIDGES_CORE_FILE_STORE_H_
