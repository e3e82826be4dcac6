package nl.tweeling.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobResource;
import nl.tweeling.job.JobService;
import nl.tweeling.platform.security.ApiKey;
import nl.tweeling.platform.security.ApiKeyFilter;
import nl.tweeling.platform.security.OptionalKey;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;

/**
 * {@code POST /imports}: a file (multipart upload; a shapefile with its sidecar files) or a URL becomes a
 * job that imports it into a layer; {@code GET /imports/{run}} is the run's report. See docs/import.md.
 */
@Path("/imports")
@Tag(name = "Import")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    /** A URL import: JSON body of {@code POST /imports}. */
    public record UrlImport(String url, String layer, String crs, String idField, String encoding, String access,
            String restrictedProperties, String mode, Boolean dryRun, String nullValues, String join, String joinField) {
    }

    @Inject
    ImportService imports;

    @Inject
    JobService jobs;

    @Context
    UriInfo uri;

    @jakarta.inject.Inject
    nl.tweeling.feature.LayerRegistry registry;

    @jakarta.inject.Inject
    nl.tweeling.platform.security.CurrentCaller current;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequiresRole(Role.INGEST)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Import an uploaded file into a layer (part 'file', repeated for a shapefile's .shx/.dbf/.prj/.cpg;"
            + " fields layer, crs, idField, encoding, access, restrictedProperties, mode, dryRun, nullValues, join,"
            + " joinField); returns the job; needs"
            + " role ingest"
            + " or admin")
    public Response upload(@RestForm("file") List<FileUpload> files, @RestForm String layer, @RestForm String crs,
            @RestForm String idField, @RestForm String encoding, @RestForm String access,
            @RestForm String restrictedProperties, @RestForm String mode, @RestForm String dryRun,
            @RestForm String nullValues, @RestForm String join, @RestForm String joinField,
            @Context ContainerRequestContext request) {
        ImportService.Params params = imports.params(layer, crs, idField, encoding, access, restrictedProperties, mode,
                dryRun, nullValues).withJoin(imports.join(join, joinField, id -> registry.findVisible(id, current.get())));
        if (files == null || files.isEmpty()) {
            throw ImportException.badImportParameter("file", "Send the file to import as the multipart part 'file'"
                    + " (or POST JSON {\"url\": ...} to import from a URL).");
        }
        java.nio.file.Path dir;
        try {
            dir = imports.newWorkDir();
        } catch (IOException e) {
            throw TweelingException.unavailable("No room for the upload; try again later.");
        }
        java.nio.file.Path main;
        try {
            main = store(files, dir);
        } catch (IOException | RuntimeException e) {
            ImportService.delete(dir);
            if (e instanceof TweelingException t) {
                throw t;
            }
            throw ImportException.badInput("The upload could not be stored: " + e.getMessage());
        }
        return accepted(imports.submitFile(params, dir, main, caller(request)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.INGEST)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Import a file from a URL into a layer: {\"url\", \"layer\", \"crs\", \"idField\", \"encoding\"};"
            + " returns the job; needs role ingest or admin")
    public Response url(UrlImport body, @Context ContainerRequestContext request) {
        if (body == null) {
            throw TweelingException.badBody("Send {\"url\": \"https://...\", \"layer\": \"NAME\"}.", List.of());
        }
        ImportService.Params params = imports.params(body.layer(), body.crs(), body.idField(), body.encoding(),
                body.access(), body.restrictedProperties(), body.mode(),
                body.dryRun() == null ? null : body.dryRun().toString(), body.nullValues())
                .withJoin(imports.join(body.join(), body.joinField(), id -> registry.findVisible(id, current.get())));
        if (body.url() == null || body.url().isBlank()) {
            throw ImportException.badImportParameter("url", "Give the url of the file to import (or upload it as multipart part 'file').");
        }
        return accepted(imports.submitUrl(params, body.url(), caller(request)));
    }

    @GET
    @Path("/{run}")
    @OptionalKey
    @Operation(summary = "An import's report: inserted, updated, unchanged, ended and rejected features (with reasons);"
            + " for the API key that started it and admin keys")
    public Map<String, Object> report(@PathParam("run") String run, @Context ContainerRequestContext request) {
        Job job;
        try {
            job = jobs.find(UUID.fromString(run)).filter(j -> ImportService.KIND.equals(j.kind))
                    .filter(j -> JobResource.visible(j, ApiKeyFilter.caller(request))).orElse(null);
        } catch (IllegalArgumentException e) {
            job = null;
        }
        if (job == null) {
            throw TweelingException.notFound("There is no import run " + run + " (GET /jobs?type=import lists them).");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", job.id.toString());
        r.put("status", job.status);
        if (job.message != null) {
            r.put("message", job.message);
        }
        r.put("inputs", job.inputs);
        r.putAll(job.results);
        r.put("links", List.of(
                Map.of("href", base() + "imports/" + job.id, "rel", "self", "type", MediaType.APPLICATION_JSON),
                Map.of("href", base() + "jobs/" + job.id, "rel", "status", "type", MediaType.APPLICATION_JSON)));
        return r;
    }

    private Response accepted(Job job) {
        return Response.status(Response.Status.CREATED)
                .location(uri.getBaseUriBuilder().path("jobs").path(job.id.toString()).build())
                .type(MediaType.APPLICATION_JSON)
                .entity(JobResource.statusInfo(job, base()))
                .build();
    }

    /** Stores the uploaded parts under their (made safe) names; returns the file to open. */
    private static java.nio.file.Path store(List<FileUpload> files, java.nio.file.Path dir) throws IOException {
        java.nio.file.Path shp = null;
        java.nio.file.Path first = null;
        for (FileUpload f : files) {
            String name = ImportService.safeFileName(f.fileName());
            java.nio.file.Path target = dir.resolve(name);
            // Quarkus streamed the part to a file in the uploads directory (under the work dir): a rename,
            // never a read into memory; what is not moved is deleted when the request ends
            Files.move(f.uploadedFile(), target, StandardCopyOption.REPLACE_EXISTING);
            if (first == null) {
                first = target;
            }
            if (name.toLowerCase().endsWith(".shp")) {
                shp = target;
            }
        }
        if (files.size() > 1 && shp == null) {
            throw ImportException.badInput("Several files were sent but none is a .shp: send one dataset per import"
                    + " (a shapefile may come with its .shx, .dbf, .prj and .cpg).");
        }
        return shp != null ? shp : first;
    }

    private static String caller(ContainerRequestContext request) {
        Object key = request.getProperty(ApiKeyFilter.PROPERTY);
        return key instanceof ApiKey k ? k.name() : null;
    }

    private String base() {
        return uri.getBaseUri().toString();
    }
}
