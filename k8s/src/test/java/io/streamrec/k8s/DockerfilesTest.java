package io.streamrec.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two images (docker/, no Docker here to build them): the final stage is small and runs as a user
 * other than root, the build stage's Maven commands work from a clean clone, and what the images hold
 * matches what the manifests expect (the job jar's path, the API's port).
 */
class DockerfilesTest {
    static final Path DOCKER = Manifests.K8S.getParent().resolve("docker");

    /** The instructions of a Dockerfile, continuation lines joined, comments dropped. */
    static List<String> instructions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#") || (l.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
            } else {
                out.add(current.append(l).toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }

    static List<String> finalStage(List<String> instructions) {
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    /** What is wrong with one Dockerfile's text; empty when nothing is. */
    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        List<String> all = instructions(text);
        List<String> last = finalStage(all);
        String base = last.get(0).substring("FROM ".length()).split("\\s+")[0];
        if (base.contains("-jdk") || base.equals("ubuntu") || base.startsWith("debian")) {
            problems.add("final stage FROM " + base + ": not a runtime-only image");
        }
        if (last.stream().anyMatch(i -> i.startsWith("RUN ") && i.matches(".*\\b(apt-get|apk|yum|dnf) .*install.*"))) {
            problems.add("final stage installs packages");
        }
        String user = null;
        for (String i : last) {
            if (i.startsWith("USER ")) {
                user = i.substring("USER ".length()).strip().split(":")[0];
            }
        }
        if (user == null || user.equals("root") || user.equals("0")) {
            problems.add("final stage runs as " + (user == null ? "the base image's user (USER missing)" : user));
        }
        // a clean clone has none of streamrec's modules in the local repository: a -pl build without -am
        // finds them only after an earlier install
        boolean installed = false;
        for (String i : all) {
            for (String cmd : i.split("&&")) {
                cmd = cmd.strip().replaceFirst("^RUN\\s+", "");
                if (!cmd.startsWith("./mvnw")) {
                    continue;
                }
                List<String> words = List.of(cmd.split("\\s+"));
                if (words.contains("-pl") && !words.contains("-am") && !installed) {
                    problems.add("'" + cmd + "' resolves the other modules from a local repository that has none");
                }
                installed |= words.contains("-am") && words.contains("install");
            }
        }
        return problems;
    }

    static String read(String name) throws Exception {
        return Files.readString(DOCKER.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void bothImagesAreSmallNonRootAndBuildFromACleanClone() throws Exception {
        assertThat(problems(read("api.Dockerfile"))).isEmpty();
        assertThat(problems(read("flink-job.Dockerfile"))).isEmpty();
        assertThat(finalStage(instructions(read("flink-job.Dockerfile"))).get(0)).isEqualTo("FROM flink:2.2-java17");
    }

    @Test
    void theChecksCatchABrokenDockerfile() throws Exception {
        String api = read("api.Dockerfile");
        assertThat(problems(api.replace("USER 10001:10001", "USER root"))).singleElement().asString().contains("runs as root");
        assertThat(problems(api.replace("USER 10001:10001\n", ""))).singleElement().asString().contains("USER missing");
        assertThat(problems(api.replace("FROM eclipse-temurin:17-jre", "FROM eclipse-temurin:17-jdk")))
                .singleElement().asString().contains("not a runtime-only image");
        assertThat(problems(api.replace("-am install", "-am package"))).singleElement().asString()
                .contains("dependency:copy-dependencies").contains("has none");
    }

    @Test
    void theImagesHoldWhatTheManifestsExpect() throws Exception {
        List<JsonNode> base = ManifestsTest.render("base");
        JsonNode flink = base.stream().filter(m -> m.path("kind").asText().equals("FlinkDeployment")).findFirst().orElseThrow();
        String jar = flink.at("/spec/job/jarURI").asText().replaceFirst("^local://", "");
        assertThat(finalStage(instructions(read("flink-job.Dockerfile")))).anyMatch(i -> i.startsWith("COPY ") && i.endsWith(" " + jar));

        JsonNode api = base.stream().filter(m -> Manifests.name(m).equals("Deployment streamrec-api")).findFirst().orElseThrow();
        String port = api.at("/spec/template/spec/containers/0/ports/0/containerPort").asText();
        List<String> apiImage = finalStage(instructions(read("api.Dockerfile")));
        assertThat(apiImage).contains("EXPOSE " + port);
        String uid = apiImage.stream().filter(i -> i.startsWith("USER ")).findFirst().orElseThrow().split("[ :]")[1];
        assertThat(api.at("/spec/template/spec/securityContext/runAsUser").asText())
                .as("the Deployment runs the API as the image's user").isEqualTo(uid);
    }
}
