// Bulk intake for curators: a folder of files (handbooks, their translations)
// becomes draft records in the XML format, one record per file, files that
// share a stem ("anti-rumours-handbook.en.pdf", "anti-rumours-handbook.pl.pdf")
// grouped into one work. Titles come from the file's metadata or its first
// heading, languages from the text (CLD2). What cannot be guessed (type,
// domains, cities) is listed for the curator; the drafts use placeholders
// the indexer rejects, so guesses are never indexed by accident.
#ifndef BRIDGES_CORE_FILES_INTAKE_H_
#define BRIDGES_CORE_FILES_INTAKE_H_

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/files/extract.h"

namespace bridges::files {

// The placeholder written where a curator must choose a vocabulary term.
inline constexpr std::string_view kToFillIn = "to-fill-in";

struct IntakeFile {
  std::string path;       // as found in the input folder
  std::string stem;       // the name without extension and language tag
  std::string name_lang;  // a language tag in the name ("pl" of "x.pl.pdf"), if any
  FileMetadata meta;
  std::string detected;    // CLD2's reading of the text
  std::string lang;        // proposed: detected, else from the name, else the file's own; "" if none
  std::string title;       // proposed
  std::string title_from;  // "the file's metadata", "its first heading", "its name"
  std::string error;       // why the file cannot be used; no record is proposed then
};

struct IntakeWork {
  std::string id;                 // from the shared stem
  std::vector<IntakeFile> files;  // one record each, in name order
  std::vector<std::string> record_ids;
};

struct IntakeResult {
  std::vector<IntakeWork> works;
  std::vector<IntakeFile> failed;  // unreadable or unsupported files
};

// Reads every regular, non-hidden file directly in `dir` (records, .xml and
// .jsonl, are skipped) on `jobs` threads and proposes works.
IntakeResult ProposeWorks(const std::string& dir, const ExtractLimits& limits, int jobs);

// Writes each work as `out_dir/<work>.xml` and links (or copies) its files
// into `out_dir/files/`, so the folder is self-contained and can be moved
// into the corpus. An existing draft is never overwritten: that work is
// skipped with an error in *diagnostics. Fills *written with the drafts.
void WriteProposals(const IntakeResult& result, const std::string& out_dir, std::vector<std::string>* written,
                    Diagnostics* diagnostics);

// What the curator must still fill in, one line per record.
std::vector<std::string> ToFillIn(const IntakeWork& work);

}  // namespace bridges::files

#endif  // BRIDGES_CORE_FILES_INTAKE_H_
