// `bridges-indexer intake DIR --out DIR2`: proposes draft records for a
// folder of files (core/files/intake.h) and lists what curators must fill in.
#ifndef BRIDGES_INDEXER_INTAKE_COMMAND_H_
#define BRIDGES_INDEXER_INTAKE_COMMAND_H_

namespace bridges {

// argv[0] is "intake". Returns the exit status: 0 every file proposed, 1 some
// files unusable or drafts not written, 2 a usage error.
int RunIntake(int argc, char** argv);

}  // namespace bridges

#endif  // BRIDGES_INDEXER_INTAKE_COMMAND_H_
