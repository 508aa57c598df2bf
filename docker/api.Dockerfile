# The streamrec API image. Build from the repository root:
#   docker build -f docker/api.Dockerfile -t streamrec-api:0.1.0 .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# install (not package): the second command resolves the API's sibling modules (streamrec-core, …) from
# the local repository, which has none of them in a clean build
RUN ./mvnw -B -q -pl serving-api -am install -DskipTests \
 && ./mvnw -B -q -pl serving-api dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && cp serving-api/target/streamrec-serving-api-*.jar /out/streamrec-serving-api.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 streamrec \
 && useradd --system --uid 10001 --gid streamrec --no-create-home --shell /usr/sbin/nologin streamrec
COPY --from=build /out/ /app/
COPY config/streamrec.properties /app/config/streamrec.properties
USER 10001:10001
ENV STREAMREC_CONFIG=/app/config/streamrec.properties
EXPOSE 7070
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-cp", "/app/streamrec-serving-api.jar:/app/lib/*", "io.streamrec.api.ApiMain"]
