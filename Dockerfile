# dspt as a container for GitLab, Jenkins and other CI: a static musl binary on a distroless
# base (no shell, no package manager, runs as nonroot). Build with
#   docker build -t dspt .
# and run in the folder to assess:
#   docker run --rm -v "$PWD:/work" dspt check . --as-of 2026-06-30
# The binary needs no network: git2 is built without it, regorus without http.

FROM rust:1.88-alpine AS build
# libgit2 is vendored and built with the C compiler; musl links the binary statically.
RUN apk add --no-cache build-base
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p dspt-cli \
    && strip target/release/dspt \
    && ./target/release/dspt --version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/target/release/dspt /usr/local/bin/dspt
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/dspt"]
CMD ["--help"]
