package dev.actorkit.boot40;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A plain Spring Boot 4.0 application with the ActorKit starter. */
@SpringBootApplication
public class Boot40Application {

    public static void main(String[] args) {
        SpringApplication.run(Boot40Application.class, args);
    }
}
