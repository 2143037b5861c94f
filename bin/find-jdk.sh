# Sourced by ./mvnw and ./xmmap: exports JAVA_HOME pointing at a JDK >= 22.
#
# xmmap uses the Foreign Function & Memory API, final only since Java 22. The machine's default
# java may be older, so look in order at: $JAVA_HOME, the java on PATH, then the usual install
# locations (the newest qualifying JDK wins). Fail with a message that says what to install.
# POSIX sh: mvnw runs under /bin/sh.

xmmap_min_java=22

# Prints the feature version (e.g. 25) of the JDK at $1, or nothing when it is not a JDK.
xmmap_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = 1 ] && v=8
  printf '%s' "$v"
}

xmmap_qualifies() {
  v=$(xmmap_jdk_version "$1")
  [ -n "$v" ] && [ "$v" -ge "$xmmap_min_java" ]
}

xmmap_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && xmmap_qualifies "$JAVA_HOME"; then
    return 0
  fi
  java_on_path=$(command -v java 2>/dev/null || true)
  if [ -n "$java_on_path" ]; then
    home=$(dirname "$(dirname "$(readlink -f "$java_on_path")")")
    if xmmap_qualifies "$home"; then
      JAVA_HOME=$home
      return 0
    fi
  fi
  best= best_v=0
  case $- in *f*) xmmap_noglob=1; set +f ;; *) xmmap_noglob= ;; esac  # mvnw runs with set -f
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/jdk* /usr/local/java/* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.local/share/mise/installs/java/*; do
    [ -d "$home" ] || continue
    v=$(xmmap_jdk_version "$home")
    if [ -n "$v" ] && [ "$v" -ge "$xmmap_min_java" ] && [ "$v" -gt "$best_v" ]; then
      best=$home best_v=$v
    fi
  done
  [ -z "$xmmap_noglob" ] || set -f
  if [ -n "$best" ]; then
    JAVA_HOME=$best
    return 0
  fi
  cat >&2 <<MSG
xmmap: no JDK ${xmmap_min_java} or newer was found (it needs the final FFM API, java.lang.foreign).
  looked at: JAVA_HOME=${JAVA_HOME-<unset>}, java on PATH (${java_on_path:-none}), /usr/lib/jvm/*,
             /opt/java/*, ~/.sdkman/candidates/java/* and similar.
  fix: install a JDK 22+ (your distribution's openjdk-NN-jdk with NN >= 22, or Temurin 25) and
       set JAVA_HOME to it if it is not in one of those places.
MSG
  return 1
}

xmmap_find_jdk || exit 1
export JAVA_HOME
