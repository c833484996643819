package org.braggflow.launcher.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BraggflowHomeTest {

    @Test
    void aRebuiltDistributionRefreshesItsBundlesButNotTheUsersOwnOrRemovedOnes(@TempDir Path dir) throws Exception {
        Path dist = dir.resolve("dist");
        Path bundles = Files.createDirectories(dist.resolve("bundles"));
        Files.createDirectories(dist.resolve("workflows"));
        Files.writeString(bundles.resolve("denoise-sor.jar"), "build 1");
        Files.writeString(bundles.resolve("maps-conventional.jar"), "build 1");
        Files.writeString(dist.resolve("workflows/default.yaml"), "id: default\n");
        BraggflowHome home = new BraggflowHome(dir.resolve("home"));
        home.prepare(new Distribution(dist));
        assertEquals("build 1", Files.readString(home.deploy().resolve("denoise-sor.jar")));

        // the user deploys their own version of one bundle, removes another, edits the workflow
        Files.writeString(home.deploy().resolve("maps-conventional.jar"), "the user's");
        Files.delete(home.deploy().resolve("denoise-sor.jar"));
        Files.writeString(home.workflows().resolve("default.yaml"), "id: default # edited\n");
        home.prepare(new Distribution(dist));
        assertFalse(Files.exists(home.deploy().resolve("denoise-sor.jar")), "a removed bundle stays removed");

        // the distribution is rebuilt: its jars are newer than the home's copies
        Files.writeString(home.deploy().resolve("denoise-sor.jar"), "build 1");
        Files.setLastModifiedTime(home.deploy().resolve("denoise-sor.jar"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(home.deploy().resolve("maps-conventional.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        Files.writeString(bundles.resolve("denoise-sor.jar"), "build 2");
        Files.writeString(bundles.resolve("maps-conventional.jar"), "build 2");
        home.prepare(new Distribution(dist));
        assertEquals("build 2", Files.readString(home.deploy().resolve("denoise-sor.jar")));
        assertEquals("the user's", Files.readString(home.deploy().resolve("maps-conventional.jar")), "deployed after the build: kept");
        assertEquals("id: default # edited\n", Files.readString(home.workflows().resolve("default.yaml")));
    }

    @Test
    void shippedModelsAreRegisteredInEveryHomeAndAHomesOwnCopyIsKept(@TempDir Path dir) throws Exception {
        Path dist = dir.resolve("dist");
        Path model = Files.createDirectories(dist.resolve("models/shipped-1/weights"));
        Files.writeString(model.resolveSibling("registry.json"), "{}");
        Files.writeString(model.resolve("w.f32"), "weights");
        BraggflowHome home = new BraggflowHome(dir.resolve("home"));
        home.prepare(new Distribution(dist));
        assertEquals("weights", Files.readString(home.models().resolve("shipped-1/weights/w.f32")));
        assertEquals("{}", Files.readString(home.models().resolve("shipped-1/registry.json")));
        try (var left = Files.list(home.models())) {
            assertEquals(1, left.count(), "no hidden copy left behind");
        }
        // a home that already has the id keeps its own files; a newly shipped model is added to an existing home
        Files.writeString(home.models().resolve("shipped-1/weights/w.f32"), "the home's");
        Files.createDirectories(dist.resolve("models/shipped-2"));
        Files.writeString(dist.resolve("models/shipped-2/registry.json"), "{\"v\":2}");
        home.prepare(new Distribution(dist));
        assertEquals("the home's", Files.readString(home.models().resolve("shipped-1/weights/w.f32")));
        assertEquals("{\"v\":2}", Files.readString(home.models().resolve("shipped-2/registry.json")));
    }
}
