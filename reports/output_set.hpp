#pragma once
// A command's output folder, replaced as a whole. The files are written into
// a fresh staging folder beside it, then published by one atomic exchange of
// the two folders (renameat2 RENAME_EXCHANGE): whatever stops the command
// (a signal, a full disk, a crash), the folder holds the complete previous
// set or the complete new one, never a mix. Two commands publishing into the
// same folder each publish a whole set; the last one stays.
//
// Because the whole folder is replaced, it must hold nothing else: a folder
// with files a chaossim command did not write is refused up front, before
// any work, as is one that cannot be written.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace chaossim::reports {

class OutputFolderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutputSet {
 public:
  // Checks `folder` (creating its parents) and makes the staging folder.
  // Throws OutputFolderError, naming the folder and what is wrong.
  explicit OutputSet(std::filesystem::path folder);
  // Removes the staging folder unless published.
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  const std::filesystem::path& folder() const { return folder_; }
  // Where to write the set's files.
  const std::filesystem::path& staging() const { return staging_; }
  // Where `path` (a file of the folder, such as a --junit inside it) is to be
  // written: in the staging folder if it lies in the folder, else itself.
  std::filesystem::path place(const std::filesystem::path& path) const;

  // Makes the staged files the folder's, all at once, and removes the
  // previous set. Throws OutputFolderError when the exchange fails (then
  // the previous set is still there).
  void publish();

 private:
  std::filesystem::path folder_;
  std::filesystem::path staging_;  // empty once published
};

// The files a chaossim command writes into an output folder; the marker a
// published set holds.
bool is_output_file_name(const std::string& name);
inline constexpr const char* output_set_marker = ".chaossim-outputs";

}  // namespace chaossim::reports
