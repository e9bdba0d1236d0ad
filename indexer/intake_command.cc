#include "indexer/intake_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include "core/files/intake.h"

namespace bridges {

namespace {

struct IntakeOptions {
  std::string in, out;
  int jobs = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
  files::ExtractLimits limits;
};

bool Parse(int argc, char** argv, IntakeOptions* o, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string value = i + 1 < argc ? argv[i + 1] : "";
    if ((a == "--out" || a == "--jobs" || a == "--max-file-size") && i + 1 >= argc) {
      *error = a + " needs a value";
      return false;
    }
    if (a == "--out") {
      o->out = argv[++i];
    } else if (a == "--jobs") {
      o->jobs = std::atoi(argv[++i]);
      if (o->jobs <= 0 || o->jobs > 64) *error = "--jobs must be between 1 and 64";
    } else if (a == "--max-file-size") {
      if (!files::ParseByteSize(argv[++i], &o->limits.max_file_bytes))
        *error = "--max-file-size must be a size such as 100M or 2G";
    } else if (a.rfind("--", 0) == 0 || !o->in.empty()) {
      *error = "unexpected argument " + a;
    } else {
      o->in = a;
    }
    if (!error->empty()) return false;
  }
  if (o->in.empty() || o->out.empty())
    *error = "usage: bridges-indexer intake DIR --out DIR2";
  else if (!std::filesystem::is_directory(o->in))
    *error = "no such folder: " + o->in;
  return error->empty();
}

}  // namespace

int RunIntake(int argc, char** argv) {
  IntakeOptions o;
  std::string error;
  if (!Parse(argc, argv, &o, &error)) {
    std::cerr << "bridges-indexer intake: " << error << "\n";
    return 2;
  }
  files::IntakeResult result = files::ProposeWorks(o.in, o.limits, o.jobs);
  for (const files::IntakeFile& f : result.failed) std::cerr << f.path << ": error: " << f.error << "\n";
  std::vector<std::string> written;
  Diagnostics diagnostics;
  files::WriteProposals(result, o.out, &written, &diagnostics);
  for (const Diagnostic& d : diagnostics) std::cerr << d.ToString() << "\n";
  size_t records = 0;
  for (const files::IntakeWork& w : result.works) records += w.files.size();
  std::cout << "proposed " << result.works.size() << " works (" << records << " records) in " << written.size()
            << " drafts under " << o.out << "; " << result.failed.size() << " files unusable\n";
  if (!result.works.empty())
    std::cout << "to fill in before indexing (the drafts say \"" << files::kToFillIn << "\"):\n";
  for (const files::IntakeWork& w : result.works) {
    std::cout << "  " << w.id << ".xml\n";
    for (const std::string& line : files::ToFillIn(w)) std::cout << "    " << line << "\n";
  }
  return result.failed.empty() && diagnostics.empty() ? 0 : 1;
}

}  // namespace bridges
